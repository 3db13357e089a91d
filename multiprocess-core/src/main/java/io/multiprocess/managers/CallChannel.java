package io.multiprocess.managers;

import java.util.HashMap;
import java.util.Map;

/**
 * One connection of a client to a server, used by one thread at a time: its transport, the frame buffer
 * it reuses, and the method descriptors it has defined on the server (a descriptor is sent once per
 * connection, then only its slot number).
 */
final class CallChannel {

    final Transport transport;
    final Thread owner;
    final FrameWriter out = new FrameWriter();
    private final Map<String, Integer> slots = new HashMap<>();

    CallChannel(Transport transport, Thread owner) {
        this.transport = transport;
        this.owner = owner;
    }

    /**
     * Writes a method reference; returns the slot being defined (to {@link #defined} once sent), or -1
     * if the server knows it already.
     */
    int writeMethod(String descriptor) {
        Integer slot = slots.get(descriptor);
        if (slot != null) {
            out.writeVarLong((long) slot << 1);
            return -1;
        }
        int fresh = slots.size();
        out.writeVarLong(((long) fresh << 1) | 1).writeString(descriptor);
        return fresh;
    }

    void defined(String descriptor, int slot) {
        if (slot >= 0) {
            slots.put(descriptor, slot);
        }
    }
}
