export function EmptyState({ filtered }: { filtered: boolean }) {
  if (filtered) {
    return (
      <div class="empty" data-testid="empty" data-kind="filtered">
        <p>No request matches the filter.</p>
      </div>
    );
  }
  return (
    <div class="empty" data-testid="empty" data-kind="none">
      <p><strong>No cross-origin requests yet.</strong></p>
      <p>
        Every fetch or XMLHttpRequest this tab makes to another origin will appear here: blocked, failed and allowed, with the
        reason in plain words, the headers that decided it and the exact server change that fixes it.
      </p>
      <p>Use the page, or reload it, to see its requests.</p>
    </div>
  );
}
