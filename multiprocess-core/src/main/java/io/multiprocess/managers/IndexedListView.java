package io.multiprocess.managers;

import java.util.AbstractList;
import java.util.RandomAccess;
import org.jspecify.annotations.Nullable;

/** A list reading and writing a {@link ListProxy} by index, in this process: what its {@code subList} views. */
final class IndexedListView<E extends @Nullable Object> extends AbstractList<E> implements RandomAccess {
    private final ListProxy<E> proxy;

    IndexedListView(ListProxy<E> proxy) {
        this.proxy = proxy;
    }

    @Override
    public E get(int index) {
        return proxy.get(index);
    }

    @Override
    public E set(int index, E element) {
        return proxy.set(index, element);
    }

    @Override
    public void add(int index, E element) {
        proxy.add(index, element);
    }

    @Override
    public E remove(int index) {
        return proxy.remove(index);
    }

    @Override
    public int size() {
        return proxy.size();
    }
}
