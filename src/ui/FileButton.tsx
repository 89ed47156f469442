import { useRef } from 'react';

/**
 * A button that opens the file chooser: reachable by Tab and Enter like any button (a label around
 * a hidden input is not), and the same input tests and drag-free users fill in.
 */
export function FileButton({
  label,
  accept,
  testId,
  secondary = false,
  disabled = false,
  onFile,
}: {
  label: string;
  accept: string;
  testId: string;
  secondary?: boolean;
  disabled?: boolean;
  onFile: (file: File) => void | Promise<void>;
}) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <button
        type="button"
        className={`button${secondary ? ' secondary' : ''}`}
        disabled={disabled}
        onClick={() => input.current?.click()}
      >
        {label}
      </button>
      <input
        ref={input}
        type="file"
        accept={accept}
        hidden
        disabled={disabled}
        data-testid={testId}
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) void onFile(file);
        }}
      />
    </>
  );
}
