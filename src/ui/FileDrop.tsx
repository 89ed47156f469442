import { useState, type DragEvent, type ReactNode } from 'react';
import { useApp } from '../app/store';
import { FileButton } from './FileButton';

/** The whole page accepts a dropped .h5ad file; the picker in the summary panel does the same. */
export function FileDrop({ children }: { children: ReactNode }) {
  const load = useApp((s) => s.load);
  const [over, setOver] = useState(false);
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    const file = e.dataTransfer.files[0];
    if (file) void load({ kind: 'file', file });
  };
  return (
    <div
      className={`page${over ? ' drop-over' : ''}`}
      data-testid="drop-zone"
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
    >
      {children}
      {over && <div className="drop-hint">Drop an .h5ad file to load it</div>}
    </div>
  );
}

export function FilePicker() {
  const { load, loading } = useApp();
  return (
    <FileButton
      label="Open .h5ad…"
      accept=".h5ad,.h5"
      testId="file-input"
      disabled={loading}
      onFile={(file) => load({ kind: 'file', file })}
    />
  );
}
