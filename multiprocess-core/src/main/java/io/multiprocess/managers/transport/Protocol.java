package io.multiprocess.managers.transport;

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
public final class Protocol {

    /** Request: opens a connection (calls or session). */
    public static final int HELLO = 1;
    /** Request: calls a method of a served object. */
    public static final int CALL = 2;
    /** Request: creates a served object of a registered type. */
    public static final int CREATE = 3;
    /** Request: counts one more reference to an object for the session. */
    public static final int INCREF = 4;
    /** Request (no reply): drops references to an object for the session. */
    public static final int DECREF = 5;
    /** Request: takes a transit reference to an object, for a proxy leaving the process. */
    public static final int TRANSIT = 6;
    /** Request: claims a transit reference for the session. */
    public static final int CLAIM = 7;
    /** Request: stops the server. */
    public static final int SHUTDOWN = 8;
    /** Request: the server's object count and a description of its objects. */
    public static final int INFO = 9;

    /** Reply status: the value follows. */
    public static final int OK = 0;
    /** Reply status: the served object's method threw; the serialized throwable follows. */
    public static final int THROWN = 1;
    /** Reply status: the server could not carry out the request; a message follows. */
    public static final int FAILED = 2;

    /** HELLO kinds: a connection for calls (one per client thread), or the client process's session. */
    public static final int KIND_CALLS = 1;
    /** HELLO kind: the client process's session connection. */
    public static final int KIND_SESSION = 2;

    /** Descriptors the server answers itself, for every object. */
    public static final String TO_STRING = "#toString";
    /** Descriptor of the copy the server makes of any object (for a proxy's {@code copy()}). */
    public static final String COPY = "#copy";

    private Protocol() {}
}
