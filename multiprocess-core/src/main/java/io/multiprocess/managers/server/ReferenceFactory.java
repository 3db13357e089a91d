package io.multiprocess.managers.server;

/**
 * Makes what a reply carries for an object the server starts serving from a method's result (a type's
 * {@code methodToTypeId}): the client side's reference, which the receiving process turns into a proxy.
 * The server knows the object; the side that builds proxies decides what travels.
 */
@FunctionalInterface
public interface ReferenceFactory {

    /**
     * A reference to a served object, for which the server already counted one reference of the
     * receiving session.
     *
     * @param serverId        the server's random id
     * @param address         the server's address, as {@link io.multiprocess.managers.transport.Addresses}
     *                        formats it
     * @param objectId        the object's id on the server
     * @param typeId          the object's type id
     * @param interfaces      names of the interfaces its proxy implements
     * @param session         the session credited with the reference
     * @param serializerClass the class of the server's serializer
     * @param tls             whether the server speaks TLS
     * @return the serializable reference
     */
    Object credited(
            long serverId,
            String address,
            long objectId,
            String typeId,
            String[] interfaces,
            long session,
            String serializerClass,
            boolean tls);
}
