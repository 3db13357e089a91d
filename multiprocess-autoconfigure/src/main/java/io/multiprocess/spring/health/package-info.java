/**
 * The health indicator of multiprocess-java ({@code management.health.multiprocess.enabled}): is the
 * process pool up, are its workers alive. No Python counterpart.
 */
@NullMarked
package io.multiprocess.spring.health;

import org.jspecify.annotations.NullMarked;
