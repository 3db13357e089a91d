package io.multiprocess.hazelcast;

import com.hazelcast.nio.serialization.Serializer;
import com.hazelcast.nio.serialization.SerializerHook;

/**
 * Registers the serializer of the library's task envelope with every Hazelcast member and client
 * whose class path holds this library: Hazelcast finds it through
 * {@code META-INF/services/com.hazelcast.SerializerHook}. Internal: public only so that Hazelcast's
 * service loader can create it.
 */
public final class ClusterSerializerHook implements SerializerHook<Object> {

    /** Called by Hazelcast's service loader. */
    public ClusterSerializerHook() {}

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public Class<Object> getSerializationType() {
        return (Class) ClusterTask.class;
    }

    @Override
    public Serializer createSerializer() {
        return new ClusterTaskSerializer();
    }

    @Override
    public boolean isOverwritable() {
        return false;
    }
}
