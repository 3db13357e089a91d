package io.multiprocess.managers;

import java.util.ConcurrentModificationException;
import java.util.List;
import java.util.ListIterator;
import java.util.NoSuchElementException;
import org.jspecify.annotations.Nullable;

/**
 * The iterator of a {@link ListProxy}: reads the served list in chunks by index (one call per chunk) and
 * changes it by index. Weakly consistent, see {@link ListProxy}.
 */
final class ChunkedListIterator<E extends @Nullable Object> implements ListIterator<E> {

    private final ListProxy<E> list;
    private List<E> chunk = List.of();
    private int chunkStart;
    private int cursor;
    private int lastReturned = -1;

    ChunkedListIterator(ListProxy<E> list, int index) {
        this.list = list;
        this.cursor = index;
        this.chunkStart = index;
    }

    @Override
    public boolean hasNext() {
        if (cursor >= chunkStart && cursor < chunkStart + chunk.size()) {
            return true;
        }
        chunk = list.slice(cursor, cursor + ListProxy.ITERATION_CHUNK);
        chunkStart = cursor;
        return !chunk.isEmpty();
    }

    @Override
    public E next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        lastReturned = cursor;
        return chunk.get(cursor++ - chunkStart);
    }

    @Override
    public boolean hasPrevious() {
        return cursor > 0;
    }

    @Override
    public E previous() {
        if (cursor <= 0) {
            throw new NoSuchElementException();
        }
        if (cursor - 1 < chunkStart || cursor - 1 >= chunkStart + chunk.size()) {
            int from = Math.max(0, cursor - ListProxy.ITERATION_CHUNK);
            chunk = list.slice(from, cursor);
            chunkStart = from;
            if (cursor - 1 >= chunkStart + chunk.size()) {
                throw new ConcurrentModificationException("The served list shrank below index " + (cursor - 1));
            }
        }
        lastReturned = --cursor;
        return chunk.get(cursor - chunkStart);
    }

    @Override
    public int nextIndex() {
        return cursor;
    }

    @Override
    public int previousIndex() {
        return cursor - 1;
    }

    @Override
    public void remove() {
        checkReturned();
        list.remove(lastReturned);
        if (lastReturned < cursor) {
            cursor--;
        }
        lastReturned = -1;
        chunk = List.of();
    }

    @Override
    public void set(E element) {
        checkReturned();
        list.set(lastReturned, element);
        chunk = List.of();
    }

    @Override
    public void add(E element) {
        list.add(cursor++, element);
        lastReturned = -1;
        chunk = List.of();
    }

    private void checkReturned() {
        if (lastReturned < 0) {
            throw new IllegalStateException(
                    "next() or previous() was not called, or remove()/add() was called after it");
        }
    }
}
