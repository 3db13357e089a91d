package io.multiprocess.managers.server;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A server's objects and who refers to them. Python's {@code id_to_obj} and {@code id_to_refcount},
 * with references counted per client process ({@link Session}) as well, so that a client that dies
 * releases what its proxies held.
 *
 * <p>An object lives while its count is positive: creating it counts one reference for the creating
 * session, every proxy of it in another process counts one more, and a proxy that is garbage-collected,
 * released or whose process ends takes its reference back. A proxy on its way to another process holds
 * a <em>transit</em> reference of the sending session, which the receiving process claims (see
 * {@link io.multiprocess.managers.ProxyReference}); unclaimed transits end with their session.
 *
 * <p>Lookups for calls are lock-free; reference changes take this table's lock.
 */
final class ObjectTable {

    private final ConcurrentHashMap<Long, ServedObject> objects = new ConcurrentHashMap<>();
    private final Map<Long, Session> sessions = new HashMap<>();
    private final Map<Long, Transit> transits = new HashMap<>();
    private final Consumer<ServedObject> onRelease;
    private long nextObjectId = 1;
    private long nextTransitId = 1;

    private record Transit(long session, long objectId) {}

    ObjectTable(Consumer<ServedObject> onRelease) {
        this.onRelease = onRelease;
        sessions.put(Session.LOCAL, new Session(Session.LOCAL));
    }

    @Nullable
    ServedObject get(long id) {
        return objects.get(id);
    }

    /** The object, or a failure that says it was released. */
    ServedObject require(long id) {
        ServedObject object = objects.get(id);
        if (object == null) {
            throw new CallRefusedException(
                    "The manager holds no object #" + id + ": every proxy of it was released (or the "
                            + "processes holding them ended), so the server dropped it");
        }
        return object;
    }

    /** The session of a client process, created on its first connection. */
    synchronized Session session(long id) {
        return sessions.computeIfAbsent(id, Session::new);
    }

    /** Adds a new object with one reference for {@code owner}. */
    synchronized ServedObject add(Object referent, TypeSpec type, Session owner) {
        checkOpen(owner);
        ServedObject object = new ServedObject(nextObjectId++, referent, type);
        objects.put(object.id, object);
        count(owner, object, 1);
        return object;
    }

    synchronized void incref(Session session, long id) {
        checkOpen(session);
        count(session, require(id), 1);
    }

    void decref(Session session, long id, int count) {
        ServedObject released;
        synchronized (this) {
            ServedObject object = objects.get(id);
            Integer held = session.references.get(id);
            if (object == null || held == null) {
                return;
            }
            int taken = Math.min(count, held);
            released = count(session, object, -taken);
        }
        if (released != null) {
            onRelease.accept(released);
        }
    }

    /** A transit reference of {@code session}, for a proxy about to travel; returns its id. */
    synchronized long transit(Session session, long objectId) {
        checkOpen(session);
        count(session, require(objectId), 1);
        long id = nextTransitId++;
        transits.put(id, new Transit(session.id, objectId));
        return id;
    }

    /**
     * Moves a transit reference to the receiving session. If it was claimed already (the same bytes read
     * twice) or its session ended, the receiver takes a new reference, if the object still lives.
     */
    void claim(long transitId, Session receiver, long objectId) {
        ServedObject released = null;
        synchronized (this) {
            checkOpen(receiver);
            ServedObject object = require(objectId);
            count(receiver, object, 1);
            Transit transit = transits.get(transitId);
            if (transit != null && transit.objectId == objectId) {
                transits.remove(transitId);
                Session sender = sessions.get(transit.session);
                if (sender != null && sender.references.containsKey(objectId)) {
                    released = count(sender, object, -1);
                }
            }
        }
        if (released != null) {
            onRelease.accept(released);
        }
    }

    /** Ends a session: drops its references and transits. */
    void close(Session session) {
        List<ServedObject> released = new ArrayList<>();
        synchronized (this) {
            if (session.closed || session.id == Session.LOCAL) {
                return;
            }
            session.closed = true;
            sessions.remove(session.id);
            for (Map.Entry<Long, Integer> held : new ArrayList<>(session.references.entrySet())) {
                ServedObject object = objects.get(held.getKey());
                if (object != null) {
                    ServedObject gone = count(session, object, -held.getValue());
                    if (gone != null) {
                        released.add(gone);
                    }
                }
            }
            transits.values().removeIf(t -> t.session == session.id);
        }
        released.forEach(onRelease);
    }

    /** Drops everything, when the server stops; returns what it held. */
    synchronized List<ServedObject> clear() {
        List<ServedObject> all = new ArrayList<>(objects.values());
        objects.clear();
        transits.clear();
        for (Iterator<Session> it = sessions.values().iterator(); it.hasNext(); ) {
            Session session = it.next();
            session.references.clear();
            if (session.id != Session.LOCAL) {
                session.closed = true;
                it.remove();
            }
        }
        return all;
    }

    int size() {
        return objects.size();
    }

    synchronized String describe() {
        StringBuilder text = new StringBuilder();
        objects.values().stream()
                .sorted((a, b) -> Long.compare(a.id, b.id))
                .forEach(o -> text.append("  ")
                        .append(o)
                        .append(": refcount=")
                        .append(o.references)
                        .append('\n'));
        return text.toString();
    }

    /** Changes both counts; returns the object if that released it (removed from the table). */
    private @Nullable ServedObject count(Session session, ServedObject object, int delta) {
        session.references.merge(object.id, delta, (a, b) -> a + b == 0 ? null : a + b);
        object.references += delta;
        if (object.references <= 0) {
            objects.remove(object.id);
            return object;
        }
        return null;
    }

    private static void checkOpen(Session session) {
        if (session.closed) {
            throw new CallRefusedException(
                    "The client's session with the manager has ended (its session connection " + "closed); reconnect");
        }
    }
}
