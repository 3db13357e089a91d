package io.multiprocess.hazelcast;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.StreamSerializer;
import java.io.IOException;

/**
 * Hazelcast's serializer of {@link ClusterTask}: the serializer's name and the request bytes, which
 * already hold the task's function and items serialized with the pool's serializer (Kryo by default,
 * so that serializable lambdas, records and classes without {@code Serializable} travel as they do to
 * the library's worker processes). Internal.
 *
 * <p>Registered on every member and client whose class path holds this library, through the
 * {@link ClusterSerializerHook} listed in {@code META-INF/services/com.hazelcast.SerializerHook}: no configuration is
 * needed.
 */
final class ClusterTaskSerializer implements StreamSerializer<ClusterTask> {

    /** The type id, unique among the cluster's custom serializers ("mp" and 1). */
    static final int TYPE_ID = 0x6D70_0001;

    @Override
    public int getTypeId() {
        return TYPE_ID;
    }

    @Override
    public void write(ObjectDataOutput out, ClusterTask task) throws IOException {
        out.writeString(task.serializerClass());
        out.writeByteArray(task.request());
    }

    @Override
    public ClusterTask read(ObjectDataInput in) throws IOException {
        return new ClusterTask(in.readString(), in.readByteArray());
    }
}
