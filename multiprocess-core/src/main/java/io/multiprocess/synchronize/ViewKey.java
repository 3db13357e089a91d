package io.multiprocess.synchronize;

/** Identifies a view of a shared block: what it is and where it starts. */
record ViewKey(String kind, int offset) {}
