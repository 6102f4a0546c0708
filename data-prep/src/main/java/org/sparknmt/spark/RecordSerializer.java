package org.sparknmt.spark;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;

/**
 * Kryo serializer for Java records. Spark 3.5 ships Kryo 4, which predates records: its FieldSerializer cannot set
 * a record's final fields. Records are written component by component and rebuilt through their canonical
 * constructor, so their validation runs on the receiving side too. (Kryo 5 has this built in; Spark cannot move
 * to it, so we keep this small class rather than a second Kryo.)
 */
public final class RecordSerializer<T extends Record> extends Serializer<T> {
    private final Method[] accessors;
    /** Per component: the exact class when it is final (no class tag needed on the wire), else null. */
    private final Class<?>[] exact;
    private final Constructor<T> constructor;

    public RecordSerializer(Kryo kryo, Class<T> type) {
        RecordComponent[] components = type.getRecordComponents();
        accessors = new Method[components.length];
        exact = new Class<?>[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            accessors[i] = components[i].getAccessor();
            accessors[i].setAccessible(true);
            types[i] = components[i].getType();
            exact[i] = exactType(types[i]);
        }
        try {
            constructor = type.getDeclaredConstructor(types);
            constructor.setAccessible(true);
        } catch (NoSuchMethodException e) {
            throw new KryoException("record " + type.getName() + " has no canonical constructor", e);
        }
    }

    /** Final classes, arrays of primitives or final classes, and primitives (as their boxes) need no class tag. */
    private static Class<?> exactType(Class<?> type) {
        if (type.isPrimitive()) {
            return java.lang.invoke.MethodType.methodType(type).wrap().returnType();
        }
        Class<?> leaf = type;
        while (leaf.isArray()) {
            leaf = leaf.getComponentType();
        }
        boolean fixed = leaf.isPrimitive() || java.lang.reflect.Modifier.isFinal(leaf.getModifiers());
        return fixed ? type : null;
    }

    @Override
    public void write(Kryo kryo, Output output, T record) {
        try {
            for (int i = 0; i < accessors.length; i++) {
                Object value = accessors[i].invoke(record);
                if (exact[i] != null) {
                    kryo.writeObjectOrNull(output, value, exact[i]);
                } else {
                    kryo.writeClassAndObject(output, value);
                }
            }
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new KryoException("cannot read record " + record.getClass().getName(), e);
        }
    }

    @Override
    public T read(Kryo kryo, Input input, Class<T> type) {
        Object[] values = new Object[accessors.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = exact[i] != null ? kryo.readObjectOrNull(input, exact[i]) : kryo.readClassAndObject(input);
        }
        try {
            return constructor.newInstance(values);
        } catch (InstantiationException | IllegalAccessException | InvocationTargetException e) {
            throw new KryoException("cannot rebuild record " + type.getName(), e);
        }
    }
}
