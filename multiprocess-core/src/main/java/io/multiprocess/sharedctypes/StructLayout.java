package io.multiprocess.sharedctypes;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.nio.MappedByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * How a record of primitive fields lies in shared memory: each component in declaration order at an
 * offset aligned to its own size, a nested record aligned to its widest field, and the whole padded to
 * its widest field. These are C's rules on Linux (x86-64 and aarch64), the ones ctypes' {@code Structure}
 * follows, so a CPython process reads the same fields at the same offsets.
 */
final class StructLayout<R extends Record> {

    private static final ClassValue<StructLayout<?>> LAYOUTS = new ClassValue<>() {
        @Override
        protected StructLayout<?> computeValue(Class<?> type) {
            return build(type, new HashSet<>());
        }
    };

    /** One component: a primitive at an offset, or a nested record. */
    private record Field(String name, Class<?> type, int offset, Method accessor, StructLayout<?> nested) {}

    private final Class<R> type;
    private final Constructor<R> constructor;
    private final List<Field> fields;
    private final int size;
    private final int alignment;

    private StructLayout(Class<R> type, Constructor<R> constructor, List<Field> fields, int size, int alignment) {
        this.type = type;
        this.constructor = constructor;
        this.fields = fields;
        this.size = size;
        this.alignment = alignment;
    }

    /**
     * The layout of a record class.
     *
     * @throws IllegalArgumentException if it is not a record of primitive fields and nested such records
     */
    @SuppressWarnings("unchecked")
    static <R extends Record> StructLayout<R> of(Class<R> type) {
        Objects.requireNonNull(type, "type");
        return (StructLayout<R>) LAYOUTS.get(type);
    }

    private static StructLayout<?> build(Class<?> type, Set<Class<?>> enclosing) {
        if (!type.isRecord()) {
            throw new IllegalArgumentException(type.getName() + " is not a record: a shared structure is a record "
                    + "whose components are primitives or such records (like ctypes' Structure)");
        }
        if (!enclosing.add(type)) {
            throw new IllegalArgumentException(
                    type.getName() + " contains itself: a shared structure has a fixed size");
        }
        RecordComponent[] components = type.getRecordComponents();
        if (components.length == 0) {
            throw new IllegalArgumentException(type.getName() + " has no components: a shared structure needs one");
        }
        List<Field> fields = new ArrayList<>();
        Class<?>[] parameterTypes = new Class<?>[components.length];
        int offset = 0;
        int alignment = 1;
        for (int i = 0; i < components.length; i++) {
            RecordComponent component = components[i];
            Class<?> fieldType = component.getType();
            parameterTypes[i] = fieldType;
            StructLayout<?> nested = null;
            int fieldSize;
            int fieldAlignment;
            if (fieldType.isPrimitive()) {
                fieldSize = primitiveSize(type, component);
                fieldAlignment = fieldSize;
            } else if (fieldType.isRecord()) {
                nested = build(fieldType, enclosing);
                fieldSize = nested.size;
                fieldAlignment = nested.alignment;
            } else {
                throw new IllegalArgumentException(type.getSimpleName() + "." + component.getName() + " is a "
                        + fieldType.getName() + ": a shared structure holds primitive components and nested records "
                        + "only (fixed size, no references)");
            }
            offset = align(offset, fieldAlignment);
            Method accessor = component.getAccessor();
            accessible(accessor, type);
            fields.add(new Field(component.getName(), fieldType, offset, accessor, nested));
            offset += fieldSize;
            alignment = Math.max(alignment, fieldAlignment);
        }
        enclosing.remove(type);
        try {
            Constructor<?> constructor = type.getDeclaredConstructor(parameterTypes);
            accessible(constructor, type);
            return create(type, constructor, List.copyOf(fields), align(offset, alignment), alignment);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("The record " + type.getName() + " has no canonical constructor", e);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static StructLayout<?> create(
            Class<?> type, Constructor<?> constructor, List<Field> fields, int size, int alignment) {
        return new StructLayout(type, constructor, fields, size, alignment);
    }

    private static void accessible(java.lang.reflect.AccessibleObject member, Class<?> type) {
        try {
            member.setAccessible(true);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "Cannot read or make the record " + type.getName() + " (" + e.getMessage()
                            + "); make it public, or open its package to io.multiprocess",
                    e);
        }
    }

    private static int primitiveSize(Class<?> record, RecordComponent component) {
        Class<?> type = component.getType();
        if (type == byte.class || type == boolean.class) {
            return 1;
        }
        if (type == short.class || type == char.class) {
            return 2;
        }
        if (type == int.class || type == float.class) {
            return 4;
        }
        if (type == long.class || type == double.class) {
            return 8;
        }
        throw new IllegalArgumentException(
                record.getSimpleName() + "." + component.getName() + ": unsupported " + type);
    }

    private static int align(int offset, int alignment) {
        return (offset + alignment - 1) / alignment * alignment;
    }

    Class<R> type() {
        return type;
    }

    /** {@code sizeof} the structure, padding included. */
    int size() {
        return size;
    }

    /** The structure's alignment: that of its widest field. */
    int alignment() {
        return alignment;
    }

    /** The offset of a component by name, for tests and documentation. */
    int offsetOf(String name) {
        for (Field field : fields) {
            if (field.name.equals(name)) {
                return field.offset;
            }
        }
        throw new IllegalArgumentException(type.getSimpleName() + " has no component " + name);
    }

    /** Reads the structure at {@code base}: each field an ordered (acquire) read, the whole not atomic. */
    R read(MappedByteBuffer buffer, int base) {
        Object[] arguments = new Object[fields.size()];
        for (int i = 0; i < arguments.length; i++) {
            Field field = fields.get(i);
            int at = base + field.offset;
            Class<?> t = field.type;
            if (field.nested != null) {
                arguments[i] = field.nested.read(buffer, at);
            } else if (t == byte.class) {
                arguments[i] = Cells.getByte(buffer, at);
            } else if (t == boolean.class) {
                arguments[i] = Cells.getByte(buffer, at) != 0;
            } else if (t == short.class) {
                arguments[i] = Cells.getShort(buffer, at);
            } else if (t == char.class) {
                arguments[i] = Cells.getChar(buffer, at);
            } else if (t == int.class) {
                arguments[i] = Cells.getInt(buffer, at);
            } else if (t == float.class) {
                arguments[i] = Cells.getFloat(buffer, at);
            } else if (t == long.class) {
                arguments[i] = Cells.getLong(buffer, at);
            } else {
                arguments[i] = Cells.getDouble(buffer, at);
            }
        }
        try {
            return constructor.newInstance(arguments);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException(
                    "The constructor of " + type.getName() + " refused the shared fields: " + e.getCause(),
                    e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot construct " + type.getName(), e);
        }
    }

    /** Writes the structure at {@code base}: each field an ordered (release) write, the whole not atomic. */
    void write(MappedByteBuffer buffer, int base, Record value) {
        Objects.requireNonNull(value, "value");
        if (value.getClass() != type) {
            throw new IllegalArgumentException(
                    "Cannot store a " + value.getClass().getName() + " in a shared " + type.getName());
        }
        for (Field field : fields) {
            Object v;
            try {
                v = field.accessor.invoke(value);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("Cannot read " + type.getSimpleName() + "." + field.name, e);
            }
            int at = base + field.offset;
            Class<?> t = field.type;
            if (field.nested != null) {
                field.nested.write(buffer, at, (Record) Objects.requireNonNull(v, field.name));
            } else if (t == byte.class) {
                Cells.setByte(buffer, at, (Byte) v);
            } else if (t == boolean.class) {
                Cells.setByte(buffer, at, (byte) ((Boolean) v ? 1 : 0));
            } else if (t == short.class) {
                Cells.setShort(buffer, at, (Short) v);
            } else if (t == char.class) {
                Cells.setChar(buffer, at, (Character) v);
            } else if (t == int.class) {
                Cells.setInt(buffer, at, (Integer) v);
            } else if (t == float.class) {
                Cells.setFloat(buffer, at, (Float) v);
            } else if (t == long.class) {
                Cells.setLong(buffer, at, (Long) v);
            } else {
                Cells.setDouble(buffer, at, (Double) v);
            }
        }
    }

    /** Writes zeros over the structure at {@code base}. */
    void clear(MappedByteBuffer buffer, int base) {
        for (int i = 0; i < size; i++) {
            buffer.put(base + i, (byte) 0);
        }
    }
}
