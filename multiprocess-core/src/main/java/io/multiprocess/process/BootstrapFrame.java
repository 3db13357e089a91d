package io.multiprocess.process;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;

/**
 * The one message from a parent to a new child, written to the child's standard input.
 *
 * <pre>
 * offset  size  field
 *      0     4  magic 0x4D504A31 ("MPJ1"), big-endian like every field
 *      4     8  parent pid
 *     12     2+ parent name (modified UTF-8, length-prefixed)
 *      .     2+ serializer class name (modified UTF-8, length-prefixed)
 *      .     4  context length C (0 &lt;= C &lt;= {@value #MAX_PAYLOAD})
 *      .     C  the context, serialized with that serializer
 *      .     4  process length P (0 &lt;= P &lt;= {@value #MAX_PAYLOAD})
 *      .     P  the process object, serialized with that serializer
 *      .     2+ standard output to open before running (modified UTF-8, length-prefixed; see {@link StandardStreams})
 *      .     2+ standard error to open before running
 * </pre>
 *
 * <p>The last two fields matter to children that were started before their process existed (the
 * spares of the forkserver): they open the files their context redirects output to. A spawned child's
 * streams are set up when it is created, and its frame says "keep them".
 *
 * @param parentPid       the pid of the parent
 * @param parentName      the parent's process name
 * @param serializerClass the class name of the serializer that wrote the payload
 * @param context         the serialized context, the child's default
 * @param process         the serialized process object
 * @param output          where to send standard output: {@code ""} to keep it (see {@link StandardStreams})
 * @param error           where to send standard error: {@code ""} to keep it
 */
public record BootstrapFrame(
        long parentPid,
        String parentName,
        String serializerClass,
        byte[] context,
        byte[] process,
        String output,
        String error) {

    /** "MPJ1". */
    static final int MAGIC = 0x4D504A31;

    /** The largest payload accepted: a process object is small; its data travels through other channels. */
    public static final int MAX_PAYLOAD = 1 << 30;

    /**
     * A frame whose child keeps the standard output and error it was started with.
     *
     * @param parentPid       the pid of the parent
     * @param parentName      the parent's process name
     * @param serializerClass the serializer's class name
     * @param context         the serialized context
     * @param process         the serialized process object
     */
    public BootstrapFrame(long parentPid, String parentName, String serializerClass, byte[] context, byte[] process) {
        this(parentPid, parentName, serializerClass, context, process, StandardStreams.KEEP, StandardStreams.KEEP);
    }

    /**
     * Validates the fields.
     *
     * @param parentPid       the pid of the parent
     * @param parentName      the parent's process name
     * @param serializerClass the serializer's class name
     * @param context         the serialized context
     * @param process         the serialized process object
     * @param output          where to send standard output
     * @param error           where to send standard error
     */
    public BootstrapFrame {
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(parentName, "parentName");
        Objects.requireNonNull(serializerClass, "serializerClass");
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(process, "process");
        if (process.length > MAX_PAYLOAD) {
            throw new IllegalArgumentException("A process object serialized to " + process.length + " bytes, more than "
                    + MAX_PAYLOAD + "; send large data through a queue, a pipe or shared memory instead");
        }
    }

    /**
     * Writes the frame and flushes.
     *
     * @param out the child's standard input
     * @throws IOException if the child is gone
     */
    public void writeTo(OutputStream out) throws IOException {
        DataOutputStream data = new DataOutputStream(out);
        data.writeInt(MAGIC);
        data.writeLong(parentPid);
        data.writeUTF(parentName);
        data.writeUTF(serializerClass);
        data.writeInt(context.length);
        data.write(context);
        data.writeInt(process.length);
        data.write(process);
        data.writeUTF(output);
        data.writeUTF(error);
        data.flush();
    }

    /**
     * The same frame with other standard streams for the child to open.
     *
     * @param newOutput where to send standard output ({@link StandardStreams#of})
     * @param newError  where to send standard error
     * @return the new frame
     */
    public BootstrapFrame withStreams(String newOutput, String newError) {
        return new BootstrapFrame(parentPid, parentName, serializerClass, context, process, newOutput, newError);
    }

    /**
     * Reads a frame.
     *
     * @param in the standard input of this (child) process
     * @return the frame
     * @throws IOException if the input ends early or is not a frame
     */
    public static BootstrapFrame readFrom(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        int magic;
        try {
            magic = data.readInt();
        } catch (EOFException e) {
            throw new IOException("No bootstrap frame on standard input", e);
        }
        if (magic != MAGIC) {
            throw new IOException(
                    String.format("Standard input does not start with a bootstrap frame (read 0x%08x)", magic));
        }
        long parentPid = data.readLong();
        String parentName = data.readUTF();
        String serializerClass = data.readUTF();
        byte[] context = readBlock(data);
        byte[] process = readBlock(data);
        String output = data.readUTF();
        String error = data.readUTF();
        return new BootstrapFrame(parentPid, parentName, serializerClass, context, process, output, error);
    }

    private static byte[] readBlock(DataInputStream data) throws IOException {
        int length = data.readInt();
        if (length < 0 || length > MAX_PAYLOAD) {
            throw new IOException("Bootstrap block length " + length + " is out of range");
        }
        byte[] block = new byte[length];
        data.readFully(block);
        return block;
    }
}
