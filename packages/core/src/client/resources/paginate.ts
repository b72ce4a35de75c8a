/** Walks a cursor-paginated list page by page, yielding each item; stops when `nextCursor` is null. */
export async function* paginate<T>(
  fetchPage: (cursor: string | undefined) => Promise<{ data: readonly T[]; nextCursor: string | null }>,
): AsyncGenerator<T, void, undefined> {
  let cursor: string | undefined;
  do {
    const page = await fetchPage(cursor);
    yield* page.data;
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
}
