package io.multiprocess.managers.server;

import io.multiprocess.sharedctypes.TypeCode;
import java.lang.reflect.Array;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * A typed array of fixed size served by a {@link io.multiprocess.managers.SyncManager} ({@code manager.array(typecode, ...)}),
 * seen through a {@link io.multiprocess.managers.ListProxy}: {@code get}, {@code set}, {@code size}, {@code slice}; adding or
 * removing elements is unsupported. Python's {@code managers.Array}.
 */
final class ServedArray extends AbstractList<Object> implements RandomAccess, Copyable {

    private final TypeCode type;
    private final Object[] elements;

    ServedArray(TypeCode type, Object sizeOrInitializer) {
        this.type = type;
        if (sizeOrInitializer instanceof Integer size) {
            elements = new Object[size];
            Arrays.fill(elements, TypedValues.convert(type, type == TypeCode.BOOLEAN ? Boolean.FALSE : 0));
        } else {
            List<Object> initial = new ArrayList<>();
            if (sizeOrInitializer instanceof Collection<?> collection) {
                initial.addAll(collection);
            } else if (sizeOrInitializer instanceof String text && type == TypeCode.WCHAR) {
                text.codePoints().forEach(initial::add);
            } else if (sizeOrInitializer instanceof String text) {
                text.chars().forEach(c -> initial.add((char) c));
            } else if (sizeOrInitializer != null && sizeOrInitializer.getClass().isArray()) {
                for (int i = 0; i < Array.getLength(sizeOrInitializer); i++) {
                    initial.add(Array.get(sizeOrInitializer, i));
                }
            } else {
                throw new IllegalArgumentException("An array needs a size or initial elements (a collection, an array, "
                        + "a String for 'c' or 'u'), not " + sizeOrInitializer);
            }
            elements = initial.stream().map(e -> TypedValues.convert(type, e)).toArray();
        }
    }

    static ServedArray create(Object[] args) {
        return new ServedArray(TypedValues.typeCode(args[0]), args[1]);
    }

    @Override
    public synchronized Object get(int index) {
        return elements[index];
    }

    @Override
    public synchronized Object set(int index, Object element) {
        Object previous = elements[index];
        elements[index] = TypedValues.convert(type, element);
        return previous;
    }

    @Override
    public int size() {
        return elements.length;
    }

    public synchronized List<Object> slice(int from, int to) {
        int start = Math.max(0, Math.min(from, elements.length));
        int end = Math.max(start, Math.min(to, elements.length));
        return new ArrayList<>(Arrays.asList(elements).subList(start, end));
    }

    @Override
    public synchronized List<Object> subList(int from, int to) {
        return new ArrayList<>(Arrays.asList(elements).subList(from, to));
    }

    /** Python's {@code reverse()}, atomic. */
    public synchronized void reverse() {
        Collections.reverse(Arrays.asList(elements));
    }

    /**
     * Python's {@code count(x)}.
     *
     * @param element the element
     * @return how many elements equal it
     */
    public synchronized int count(Object element) {
        int count = 0;
        for (Object e : elements) {
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
    public synchronized int index(Object element) {
        int index = Arrays.asList(elements).indexOf(element);
        if (index < 0) {
            throw new NoSuchElementException(element + " is not in the array");
        }
        return index;
    }

    /**
     * Unsupported: an array's size is fixed.
     *
     * @param elements ignored
     * @throws UnsupportedOperationException always
     */
    public void extend(Collection<?> elements) {
        throw new UnsupportedOperationException("An array's size is fixed");
    }

    /**
     * Unsupported: an array's size is fixed.
     *
     * @param times ignored
     * @throws UnsupportedOperationException always
     */
    public void repeatInPlace(int times) {
        throw new UnsupportedOperationException("An array's size is fixed");
    }

    @Override
    public synchronized Object[] toArray() {
        return elements.clone();
    }

    @Override
    public synchronized Object copy() {
        return new ArrayList<>(Arrays.asList(elements));
    }

    @Override
    public synchronized String toString() {
        return "Array('" + type.code() + "', " + Arrays.toString(elements) + ")";
    }
}
