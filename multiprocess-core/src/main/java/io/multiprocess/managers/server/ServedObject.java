package io.multiprocess.managers.server;

import java.util.Set;

/**
 * An object a server holds for its clients, with its type, the methods they may call and its reference
 * count (guarded by the {@link ObjectTable}'s lock).
 */
final class ServedObject {

    final long id;
    final Object referent;
    final TypeSpec type;
    final Set<String> exposed;
    final String[] interfaces;
    int references;

    ServedObject(long id, Object referent, TypeSpec type) {
        this.id = id;
        this.referent = referent;
        this.type = type;
        Set<String> declared = type.exposedSet();
        this.exposed = declared != null ? declared : MethodResolver.publicMethodNames(referent.getClass());
        this.interfaces = type.proxyType() != null
                ? new String[] {type.proxyType().getName()}
                : MethodResolver.publicInterfaces(referent.getClass());
    }

    boolean isExposed(String methodName) {
        return exposed.contains(methodName);
    }

    @Override
    public String toString() {
        return "'" + type.typeId() + "' #" + id + " (" + referent.getClass().getName() + ")";
    }
}
