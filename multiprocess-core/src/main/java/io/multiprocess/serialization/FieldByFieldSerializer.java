package io.multiprocess.serialization;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.SerializerFactory.BaseSerializerFactory;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.serializers.FieldSerializer;
import org.objenesis.instantiator.ObjectInstantiator;
import org.objenesis.strategy.StdInstantiatorStrategy;

/**
 * Kryo's field serializer, except that it creates instances without running any constructor, as
 * pickle does for Python objects and Java serialization does for {@link java.io.Serializable} classes.
 *
 * <p>Running a no-argument constructor on the receiving side would repeat its side effects there:
 * a {@code ChildProcess} constructor, for one, numbers the process and records its creator. Fields
 * marked {@code transient} therefore arrive as 0, false or null, as with Java serialization.
 *
 * @param <T> the serialized type
 */
final class FieldByFieldSerializer<T> extends FieldSerializer<T> {

    private static final StdInstantiatorStrategy NO_CONSTRUCTOR = new StdInstantiatorStrategy();

    private final ObjectInstantiator<? extends T> instantiator;

    FieldByFieldSerializer(Kryo kryo, Class<T> type, FieldSerializerConfig config) {
        super(kryo, type, config);
        this.instantiator = NO_CONSTRUCTOR.newInstantiatorOf(type);
    }

    @Override
    protected T create(Kryo kryo, Input input, Class<? extends T> type) {
        return type == getType()
                ? instantiator.newInstance()
                : NO_CONSTRUCTOR.newInstantiatorOf(type).newInstance();
    }

    /** Creates one serializer per class, each with a copy of the configuration. */
    static final class Factory extends BaseSerializerFactory<FieldByFieldSerializer<?>> {

        private final FieldSerializerConfig config;

        Factory(FieldSerializerConfig config) {
            this.config = config;
        }

        @Override
        @SuppressWarnings({"unchecked", "rawtypes"})
        public FieldByFieldSerializer<?> newSerializer(Kryo kryo, Class type) {
            return new FieldByFieldSerializer(kryo, type, config.clone());
        }
    }
}
