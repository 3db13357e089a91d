package io.multiprocess.managers;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.ListIterator;
import java.util.NoSuchElementException;
import org.jspecify.annotations.Nullable;

/**
 * A proxy of a list served by a {@link SyncManager}: a {@link List} whose elements live in the manager's
 * server. Python's {@code ListProxy} ({@code manager.list()}; also what {@code manager.array(...)}
 * returns, with a fixed size).
 *
 * <p>Each method runs on the server, atomically under the list's lock, including {@code removeIf},
 * {@code replaceAll} and {@code sort} (whose functions must be serializable), and Python's list methods
 * {@link #reverse()}, {@link #count}, {@link #index}, {@link #extend} ({@code +=}) and
 * {@link #repeatInPlace} ({@code *=}): each is one call, so no other process sees the list half-done.
 * {@link #slice} returns a copy; {@link #subList} is a view, as {@link List} requires: it reads and
 * writes the served list by index (one call per element operation, not atomic as a whole). Values that
 * are proxies stay shared (see {@link DictProxy}).
 *
 * <p><b>Equality.</b> A list proxy is a {@link List} by the interface's contract: it equals any list
 * with the same elements in the same order (another list proxy included), and its hash code is the one
 * {@link List#hashCode()} defines; both read the served list in one call, so they change when the list
 * does. Two proxies of the same list are always equal. In the server's own threads (a list held inside
 * another served object) a proxy compares by identity of the served object, so that the server never
 * calls itself under a lock. A collection or map passed where a method takes one ({@code addAll},
 * {@code containsAll}, {@code putAll}...) travels as a plain copy of its contents, a proxy's read in one
 * call: so {@code x.addAll(x)} works, and so does any collection class.
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
public interface ListProxy<E extends @Nullable Object> extends List<E>, BaseProxy {

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

    /**
     * Reverses the list in place, in one atomic call. Python's {@code list.reverse()}.
     */
    void reverse();

    /**
     * How many elements equal {@code element} ({@link java.util.Objects#equals}). Python's
     * {@code list.count(x)}.
     *
     * @param element the element to count; may be null
     * @return the count
     */
    int count(@Nullable Object element);

    /**
     * The index of the first element equal to {@code element}. Python's {@code list.index(x)}, which
     * raises ValueError when there is none; {@link #indexOf} is the Java form that returns -1.
     *
     * @param element the element; may be null
     * @return its first index
     * @throws NoSuchElementException if the list has no such element
     */
    int index(@Nullable Object element);

    /**
     * Appends the elements of {@code elements}, in their order, in one atomic call. Python's
     * {@code list.extend(xs)} and {@code list += xs}. The same as {@link #addAll(Collection)}.
     *
     * @param elements what to append
     */
    void extend(Collection<? extends E> elements);

    /**
     * Replaces the list by {@code times} repetitions of its elements, in one atomic call. Python's
     * {@code list *= n}: zero or a negative count empties the list.
     *
     * @param times how many times the elements appear afterwards
     * @throws OutOfMemoryError in the server, as a remote failure, if the result is too large
     */
    void repeatInPlace(int times);

    /**
     * A view of the elements from {@code from} (inclusive) to {@code to} (exclusive), as {@link List}
     * requires: reading and writing it reads and writes the served list by index. Structural changes to
     * the served list made other than through the view (by other processes, say) shift what the view
     * shows; they are not detected.
     *
     * @param from the first index
     * @param to   the index after the last
     * @return the view
     * @throws IndexOutOfBoundsException if the indices are out of the list's range or {@code from > to}
     */
    @Override
    default List<E> subList(int from, int to) {
        return new IndexedListView<>(this).subList(from, to);
    }

    /**
     * The elements in {@code array} if they fit (followed by a null), else in a new array of its type;
     * the elements are read in one call.
     *
     * @param array where to put them
     * @param <T>   the array's component type
     * @return the array
     */
    @Override
    default <T extends @Nullable Object> T[] toArray(T[] array) {
        return new ArrayList<>(slice(0, Integer.MAX_VALUE)).toArray(array);
    }

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
     * @throws IndexOutOfBoundsException if {@code index} is negative or above the size
     */
    @Override
    default ListIterator<E> listIterator(int index) {
        if (index < 0 || index > size()) {
            throw new IndexOutOfBoundsException("Index: " + index);
        }
        return new ChunkedListIterator<>(this, index);
    }
}
