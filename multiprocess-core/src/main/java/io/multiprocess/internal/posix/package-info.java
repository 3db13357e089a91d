/**
 * JNA bindings to the C library, for what the JDK does not offer: the parent-death signal and the
 * parent's pid. Internal: not an API; it may change in any release.
 *
 * <p>Direct mapping ({@code Native.register}) is used, which is several times faster per call than
 * interface mapping; the library is loaded on first use only, never on a child's start-up path.
 */
@NullMarked
package io.multiprocess.internal.posix;

import org.jspecify.annotations.NullMarked;
