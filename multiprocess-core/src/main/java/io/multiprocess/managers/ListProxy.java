package io.multiprocess.managers;

import java.util.Iterator;
import java.util.List;
import java.util.ListIterator;

/**
 * A proxy of a list served by a {@link SyncManager}: a {@link List} whose elements live in the manager's
 * server. Python's {@code ListProxy} ({@code manager.list()}; also what {@code manager.array(...)}
 * returns, with a fixed size).
 *
 * <p>Each method runs on the server, atomically under the list's lock, including {@code removeIf},
 * {@code replaceAll} and {@code sort} (whose functions must be serializable). {@link #subList} and
 * {@link #slice} return copies. Values that are proxies stay shared (see {@link DictProxy}).
 *
 * <p>Iteration ({@link #iterator()}, {@link #listIterator()}, {@code for (E e : list)},
 * {@link #forEach}, {@link #stream()}) runs in this process and reads the list in chunks of
 * {@value #ITERATION_CHUNK} elements by index, one call per chunk: weakly consistent, like a
 * {@link java.util.concurrent.CopyOnWriteArrayList} over time (elements other processes add or remove
 * meanwhile may be seen or not, and an element may be skipped or seen twice when the list shrinks or
 * grows before the cursor). The iterator's {@code remove}, {@code set} and {@code add} change the served
 * list (one call each).
 *
 * @param <E> the element type
 */
public interface ListProxy<E> extends List<E>, BaseProxy {

    /** How many elements an iterator reads per call. */
    int ITERATION_CHUNK = 256;

    /**
     * A copy of the elements from {@code from} (inclusive) to {@code to} (exclusive), with both indices
     * clipped to the list as Python's slices are: {@code slice(0, Integer.MAX_VALUE)} copies the whole
     * list, and a range outside it gives an empty list. Python's {@code list[from:to]}.
     *
     * @param from the first index
     * @param to   the index after the last
     * @return the copy, possibly empty
     */
    List<E> slice(int from, int to);

    /** An iterator reading the list in chunks; see the class comment. */
    @Override
    default Iterator<E> iterator() {
        return new ChunkedListIterator<>(this, 0);
    }

    /** A list iterator reading the list in chunks; see the class comment. */
    @Override
    default ListIterator<E> listIterator() {
        return new ChunkedListIterator<>(this, 0);
    }

    /**
     * A list iterator from {@code index}, reading the list in chunks; see the class comment.
     *
     * @param index where to start
     * @throws IndexOutOfBoundsException if {@code index} is negative
     */
    @Override
    default ListIterator<E> listIterator(int index) {
        if (index < 0) {
            throw new IndexOutOfBoundsException("Index: " + index);
        }
        return new ChunkedListIterator<>(this, index);
    }
}
