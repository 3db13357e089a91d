package io.multiprocess.hazelcast;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.impl.clientside.HazelcastClientProxy;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.multiprocess.serialization.Serializer;
import io.multiprocess.serialization.Serializers;
import org.jspecify.annotations.Nullable;

/**
 * Finds a running Hazelcast instance of a cluster by the cluster's name, for a queue, dict, list or
 * counter that arrives in a task on a member (it travels as its cluster's name and its own). Internal.
 */
final class ClusterInstances {

    private ClusterInstances() {}

    /** The name of the instance's cluster; for a client, whose configuration is not readable, its own name. */
    static String clusterName(HazelcastInstance instance) {
        try {
            return instance.getConfig().getClusterName();
        } catch (UnsupportedOperationException client) {
            return ClientNames.clusterName(instance);
        }
    }

    /**
     * A running instance (a member first, else a client) of the cluster named {@code clusterName} in this
     * JVM, as a context with the serializer of class {@code serializerClass}.
     *
     * @throws io.multiprocess.ProcessStateException if this JVM has no running instance of that cluster
     */
    static ClusterContext contextFor(String clusterName, String serializerClass) {
        HazelcastInstance found = null;
        for (HazelcastInstance instance : Hazelcast.getAllHazelcastInstances()) {
            if (instance.getLifecycleService().isRunning() && clusterName.equals(clusterName(instance))) {
                found = instance;
                break;
            }
        }
        if (found == null) {
            for (HazelcastInstance client : HazelcastClient.getAllHazelcastClients()) {
                if (client.getLifecycleService().isRunning() && clusterName.equals(clusterName(client))) {
                    found = client;
                    break;
                }
            }
        }
        if (found == null) {
            throw new io.multiprocess.ProcessStateException("A queue, dict, list or counter of the Hazelcast cluster '"
                    + clusterName + "' arrived in process "
                    + ProcessHandle.current().pid() + ", which has no running "
                    + "member or client of that cluster");
        }
        ClusterContext context = ClusterContext.of(found);
        if (!serializerClass.equals(context.serializer().getClass().getName())) {
            context = context.withSerializer(Serializers.forName(serializerClass));
        }
        return context;
    }

    /** Reads a value the structures stored; null stays null. */
    @SuppressWarnings("unchecked")
    static <T> @Nullable T read(Serializer serializer, byte @Nullable [] bytes) {
        return bytes == null ? null : (T) serializer.deserialize(bytes);
    }

    /** Reads a client's cluster name, kept apart so that a member-only class path needs no client classes. */
    private static final class ClientNames {
        static String clusterName(HazelcastInstance instance) {
            if (instance instanceof HazelcastClientProxy proxy) {
                return proxy.getClientConfig().getClusterName();
            }
            return instance.getName();
        }
    }
}
