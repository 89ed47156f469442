import { create } from 'zustand';
import type { PanelName } from './viewUrl';

/** Which folded panel is open (one at a time; it is part of a shared view). */
export const usePanels = create<{ open: PanelName | null; toggle(name: PanelName, open: boolean): void }>(
  (set, get) => ({
    open: null,
    toggle: (name, open) => {
      if (open) set({ open: name });
      else if (get().open === name) set({ open: null });
    },
  }),
);
