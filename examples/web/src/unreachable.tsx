/** The gateway itself did not answer (down, wrong URL, CORS): not a member of any union. */
export function Unreachable({
  message,
  onRetry,
}: {
  readonly message: string;
  readonly onRetry: () => void;
}) {
  return (
    <div className="notice notice-problem" role="alert">
      <h2>The gateway could not be reached</h2>
      <p>
        {message}. Is it running (<code>npm start</code>), and does its <code>CORS_ORIGINS</code>{' '}
        allow this page’s origin?
      </p>
      <button type="button" className="button" onClick={onRetry}>
        Try again
      </button>
    </div>
  );
}
