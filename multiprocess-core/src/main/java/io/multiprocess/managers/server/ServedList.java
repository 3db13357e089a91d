package io.multiprocess.managers.server;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.RandomAccess;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * A list served by a {@link io.multiprocess.managers.SyncManager} ({@code manager.list()}): an {@link ArrayList} behind one lock.
 * {@code subList} and {@code slice} return copies (see {@link io.multiprocess.managers.ListProxy}).
 */
final class ServedList extends AbstractList<@Nullable Object> implements RandomAccess, Copyable {

    private final ArrayList<@Nullable Object> list;

    ServedList(@Nullable Collection<?> initial) {
        this.list = initial == null ? new ArrayList<>() : new ArrayList<>(initial);
    }

    static ServedList create(@Nullable Object[] args) {
        return new ServedList(args.length == 0 ? null : (Collection<?>) args[0]);
    }

    @Override
    public synchronized @Nullable Object get(int index) {
        return list.get(index);
    }

    @Override
    public synchronized @Nullable Object set(int index, @Nullable Object element) {
        return list.set(index, element);
    }

    @Override
    public synchronized boolean add(@Nullable Object element) {
        return list.add(element);
    }

    @Override
    public synchronized void add(int index, @Nullable Object element) {
        list.add(index, element);
    }

    @Override
    public synchronized @Nullable Object remove(int index) {
        return list.remove(index);
    }

    @Override
    public synchronized boolean remove(@Nullable Object element) {
        return list.remove(element);
    }

    @Override
    public synchronized int size() {
        return list.size();
    }

    @Override
    public synchronized boolean isEmpty() {
        return list.isEmpty();
    }

    @Override
    public synchronized boolean contains(@Nullable Object element) {
        return list.contains(element);
    }

    @Override
    public synchronized int indexOf(@Nullable Object element) {
        return list.indexOf(element);
    }

    @Override
    public synchronized int lastIndexOf(@Nullable Object element) {
        return list.lastIndexOf(element);
    }

    @Override
    public synchronized void clear() {
        list.clear();
    }

    @Override
    public synchronized boolean addAll(Collection<?> elements) {
        return list.addAll(elements);
    }

    @Override
    public synchronized boolean addAll(int index, Collection<?> elements) {
        return list.addAll(index, elements);
    }

    @Override
    public synchronized boolean removeAll(Collection<?> elements) {
        return list.removeAll(elements);
    }

    @Override
    public synchronized boolean retainAll(Collection<?> elements) {
        return list.retainAll(elements);
    }

    @Override
    public synchronized boolean containsAll(Collection<?> elements) {
        return list.containsAll(elements);
    }

    @Override
    public synchronized boolean removeIf(Predicate<? super @Nullable Object> filter) {
        return list.removeIf(filter);
    }

    @Override
    public synchronized void replaceAll(UnaryOperator<@Nullable Object> operator) {
        list.replaceAll(operator);
    }

    @Override
    public synchronized void sort(@Nullable Comparator<? super @Nullable Object> comparator) {
        list.sort(comparator);
    }

    @Override
    public synchronized @Nullable Object[] toArray() {
        return list.toArray();
    }

    @Override
    public synchronized <T> T[] toArray(T[] array) {
        return list.toArray(array);
    }

    @Override
    public synchronized List<@Nullable Object> subList(int from, int to) {
        return new ArrayList<>(list.subList(from, to));
    }

    public synchronized List<@Nullable Object> slice(int from, int to) {
        int size = list.size();
        int start = Math.max(0, Math.min(from, size));
        int end = Math.max(start, Math.min(to, size));
        return new ArrayList<>(list.subList(start, end));
    }

    /** Python's {@code reverse()}, atomic. */
    public synchronized void reverse() {
        Collections.reverse(list);
    }

    /**
     * Python's {@code count(x)}.
     *
     * @param element the element
     * @return how many elements equal it
     */
    public synchronized int count(@Nullable Object element) {
        int count = 0;
        for (Object e : list) {
            if (Objects.equals(e, element)) {
                count++;
            }
        }
        return count;
    }

    /**
     * Python's {@code index(x)}.
     *
     * @param element the element
     * @return its first index
     * @throws NoSuchElementException if absent (Python's ValueError)
     */
    public synchronized int index(@Nullable Object element) {
        int index = list.indexOf(element);
        if (index < 0) {
            throw new NoSuchElementException(element + " is not in the list");
        }
        return index;
    }

    /**
     * Python's {@code extend(xs)} and {@code +=}, atomic.
     *
     * @param elements what to append
     */
    public synchronized void extend(Collection<?> elements) {
        list.addAll(elements);
    }

    /**
     * Python's {@code *= n}, atomic.
     *
     * @param times how many times the elements appear afterwards; 0 or less empties the list
     */
    public synchronized void repeatInPlace(int times) {
        if (times <= 0) {
            list.clear();
            return;
        }
        long size = (long) list.size() * times;
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(
                    "A list of " + list.size() + " elements repeated " + times + " times is too large");
        }
        List<@Nullable Object> once = new ArrayList<>(list);
        list.ensureCapacity((int) size);
        for (int i = 1; i < times; i++) {
            list.addAll(once);
        }
    }

    @Override
    public synchronized boolean equals(@Nullable Object other) {
        return list.equals(other);
    }

    @Override
    public synchronized int hashCode() {
        return list.hashCode();
    }

    @Override
    public synchronized String toString() {
        return list.toString();
    }

    @Override
    public synchronized Object copy() {
        return new ArrayList<>(list);
    }
}
