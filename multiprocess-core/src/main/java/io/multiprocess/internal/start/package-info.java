/**
 * Internal: the scope of a child's start, which ties what the start hands out to that child's life.
 */
@NullMarked
package io.multiprocess.internal.start;

import org.jspecify.annotations.NullMarked;
