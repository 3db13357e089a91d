package io.multiprocess.managers.transport;

import java.util.HashMap;
import java.util.Map;

/**
 * One connection of a client to a server, used by one thread at a time: its transport, the frame buffer
 * it reuses, and the method descriptors it has defined on the server (a descriptor is sent once per
 * connection, then only its slot number).
 */
public final class CallChannel {

    /** The connection to the server. */
    public final Transport transport;
    /** The thread that uses the channel. */
    public final Thread owner;
    /** The frame being built, reused for every request. */
    public final FrameWriter out = new FrameWriter();

    private final Map<String, Integer> slots = new HashMap<>();

    /**
     * Wraps a connection.
     *
     * @param transport the connection to the server
     * @param owner     the thread that uses it
     */
    public CallChannel(Transport transport, Thread owner) {
        this.transport = transport;
        this.owner = owner;
    }

    /**
     * Writes a method reference; returns the slot being defined (to {@link #defined} once sent), or -1
     * if the server knows it already.
     *
     * @param descriptor the method's descriptor
     * @return the slot being defined, or -1
     */
    public int writeMethod(String descriptor) {
        Integer slot = slots.get(descriptor);
        if (slot != null) {
            out.writeVarLong((long) slot << 1);
            return -1;
        }
        int fresh = slots.size();
        out.writeVarLong(((long) fresh << 1) | 1).writeString(descriptor);
        return fresh;
    }

    /**
     * Records that the server now knows a descriptor by its slot (after the request that defined it was
     * sent); does nothing for slot -1.
     *
     * @param descriptor the method's descriptor
     * @param slot       what {@link #writeMethod} returned
     */
    public void defined(String descriptor, int slot) {
        if (slot >= 0) {
            slots.put(descriptor, slot);
        }
    }
}
