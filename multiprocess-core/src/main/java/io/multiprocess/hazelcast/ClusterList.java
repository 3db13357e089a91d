package io.multiprocess.hazelcast;

import com.hazelcast.collection.IList;
import io.multiprocess.serialization.Serializer;
import java.io.Serial;
import java.io.Serializable;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * A list of the cluster: Python's manager {@code list()}, a {@link List} backed by a Hazelcast
 * {@link IList}, shared by every process of the cluster that uses the same name; it travels to tasks by
 * name, as {@link ClusterQueue} does.
 *
 * <p>Elements are serialized with the context's serializer in the calling thread and stored as bytes.
 * Each method that reads or changes one element, {@link #add(Object)}, {@link #size()} and
 * {@link #clear()} is one atomic operation of the cluster; methods that combine several (the inherited
 * {@code indexOf}, {@code removeIf}, {@code sort}...) are not atomic, as with Python's manager list.
 * {@link #iterator()} and {@link #subList} work on a copy taken in one call. An IList lives on one
 * member (with backups), so a very large list is better split over several, or kept in a dict.
 * Null elements are refused.
 *
 * @param <E> the element type
 */
public final class ClusterList<E> extends AbstractList<E> implements RandomAccess, Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    private final transient ClusterContext context;
    private final transient String name;
    private final transient IList<byte[]> list;
    private final transient Serializer serializer;

    ClusterList(ClusterContext context, String name) {
        this.context = context;
        this.name = Objects.requireNonNull(name, "name");
        this.list = context.instance().getList(name);
        this.serializer = context.serializer();
    }

    /**
     * The list's name in the cluster.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /** Removes the list and its elements from the cluster; using the name again makes a new, empty list. */
    public void destroy() {
        list.destroy();
    }

    private byte[] bytes(Object element) {
        return serializer.serialize(Objects.requireNonNull(element, "A cluster list does not take null elements"));
    }

    private E read(byte[] bytes) {
        return ClusterInstances.read(serializer, bytes);
    }

    @Override
    public E get(int index) {
        return read(list.get(index));
    }

    @Override
    public E set(int index, E element) {
        return read(list.set(index, bytes(element)));
    }

    @Override
    public boolean add(E element) {
        return list.add(bytes(element));
    }

    @Override
    public void add(int index, E element) {
        list.add(index, bytes(element));
    }

    @Override
    public E remove(int index) {
        return read(list.remove(index));
    }

    @Override
    public int size() {
        return list.size();
    }

    @Override
    public void clear() {
        list.clear();
    }

    /**
     * A copy of the elements, taken in one call.
     *
     * @return the copy, a new {@link ArrayList}
     */
    public List<E> copy() {
        List<E> copy = new ArrayList<>();
        for (byte[] bytes : list) {
            copy.add(read(bytes));
        }
        return copy;
    }

    /** An iterator over a {@linkplain #copy() copy}; its {@code remove} is not supported. */
    @Override
    public Iterator<E> iterator() {
        return Collections.unmodifiableList(copy()).iterator();
    }

    /** A copy of a range, taken in one call (not a view). */
    @Override
    public List<E> subList(int fromIndex, int toIndex) {
        return copy().subList(fromIndex, toIndex);
    }

    @Override
    public String toString() {
        return "ClusterList[" + name + ", " + ClusterInstances.clusterName(context.instance()) + "]";
    }

    @Serial
    private Object writeReplace() {
        return new Ref(
                ClusterInstances.clusterName(context.instance()),
                name,
                serializer.getClass().getName());
    }

    /** What travels of a list: its cluster's name and its own. */
    private record Ref(String cluster, String name, String serializerClass) implements Serializable {

        @Serial
        private static final long serialVersionUID = 1L;

        @Serial
        private Object readResolve() {
            return new ClusterList<>(ClusterInstances.contextFor(cluster, serializerClass), name);
        }
    }
}
