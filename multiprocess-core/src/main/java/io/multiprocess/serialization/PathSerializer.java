package io.multiprocess.serialization;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.nio.file.FileSystems;
import java.nio.file.Path;

/**
 * Paths of the default file system, which tasks often capture: sent as their text, rebuilt with
 * {@link Path#of(String, String...)}. Both processes run on the same machine, so the path means the
 * same file. Paths of other file systems (inside a zip, say) are refused.
 */
final class PathSerializer extends Serializer<Path> {

    PathSerializer() {
        setImmutable(true);
    }

    @Override
    public void write(Kryo kryo, Output output, Path path) {
        if (path.getFileSystem() != FileSystems.getDefault()) {
            throw new UnserializableObjectException(
                    path,
                    "it belongs to a non-default file system ("
                            + path.getFileSystem().provider().getScheme()
                            + "), which the receiving process has not opened; send "
                            + "the path of the archive and the entry name instead");
        }
        output.writeString(path.toString());
    }

    @Override
    public Path read(Kryo kryo, Input input, Class<? extends Path> type) {
        String text = input.readString();
        if (text == null) {
            throw new KryoException("A path was sent without its text");
        }
        return Path.of(text);
    }
}
