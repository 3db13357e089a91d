package io.multiprocess.managers;

/**
 * The manager protocol's message kinds, after the connection's authentication handshake.
 *
 * <p>Every request is one frame: an operation byte, then its fields (see {@link FrameWriter}); every
 * reply is one frame: a status byte, then a value or a message. Requests and replies alternate on a
 * connection, except {@link #DECREF}, which has no reply. A connection starts with {@link #HELLO}.
 *
 * <pre>
 * HELLO     kind(byte) session(long) pid(long)        -&gt; OK serverId(long) serverPid(long)
 * CALL      objectId(varlong) method args              -&gt; OK value | THROWN throwable | FAILED message
 *           method = varint (slot &lt;&lt; 1 | 1) descriptor(string), defining the slot, or (slot &lt;&lt; 1)
 * CREATE    typeId(string) args                        -&gt; OK reference | THROWN | FAILED
 * INCREF    objectId                                   -&gt; OK | FAILED
 * DECREF    objectId count                             (no reply)
 * TRANSIT   objectId                                   -&gt; OK transitId(varlong) | FAILED
 * CLAIM     transitId objectId                         -&gt; OK | FAILED
 * SHUTDOWN                                             -&gt; OK, then the server stops
 * INFO                                                 -&gt; OK objects(varint) description(string)
 * </pre>
 */
final class Protocol {

    static final int HELLO = 1;
    static final int CALL = 2;
    static final int CREATE = 3;
    static final int INCREF = 4;
    static final int DECREF = 5;
    static final int TRANSIT = 6;
    static final int CLAIM = 7;
    static final int SHUTDOWN = 8;
    static final int INFO = 9;

    /** Reply status: the value follows. */
    static final int OK = 0;
    /** Reply status: the served object's method threw; the serialized throwable follows. */
    static final int THROWN = 1;
    /** Reply status: the server could not carry out the request; a message follows. */
    static final int FAILED = 2;

    /** HELLO kinds: a connection for calls (one per client thread), or the client process's session. */
    static final int KIND_CALLS = 1;
    static final int KIND_SESSION = 2;

    /** Descriptors the server answers itself, for every object. */
    static final String TO_STRING = "#toString";
    static final String COPY = "#copy";

    private Protocol() {
    }
}
