package io.multiprocess.hazelcast;

import io.multiprocess.pool.RemoteTask;
import io.multiprocess.serialization.Serializers;
import java.util.concurrent.Callable;

/**
 * The envelope of a pool task on its way to a cluster member, and what the member runs: the request
 * bytes of a {@link RemoteTask} (function and items serialized with the pool's serializer, Kryo by
 * default) and the name of that serializer. Hazelcast serializes the envelope with
 * {@link ClusterTaskSerializer}, which every member with this library on its class path registers
 * through Hazelcast's serializer hooks. Internal.
 *
 * @param serializerClass the class name of the pool's serializer, which the member instantiates once
 * @param request         the task's request bytes
 */
record ClusterTask(String serializerClass, byte[] request) implements Callable<byte[]> {

    /** On the member: runs the task and returns the response bytes; never throws for what the task does. */
    @Override
    public byte[] call() {
        return RemoteTask.execute(request, Serializers.forName(serializerClass));
    }

    @Override
    public String toString() {
        return "ClusterTask[" + request.length + " bytes, " + serializerClass + "]";
    }
}
