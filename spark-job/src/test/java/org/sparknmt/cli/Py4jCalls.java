package org.sparknmt.cli;

import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamPair;

import java.lang.reflect.Method;

/** Calls on JVM objects made the way PySpark makes them through Py4J: by method name, with boxed arguments. */
final class Py4jCalls {
    private Py4jCalls() {
    }

    /** Py4J's way: the public method of that name whose parameters take the boxed arguments. */
    static Object call(Object target, String name, Object... args) throws Exception {
        for (Method m : target.getClass().getMethods()) {
            if (m.getName().equals(name) && m.getParameterCount() == args.length && accepts(m.getParameterTypes(), args)) {
                return m.invoke(target, args);
            }
        }
        throw new NoSuchMethodException(name);
    }

    private static boolean accepts(Class<?>[] types, Object[] args) {
        for (int i = 0; i < types.length; i++) {
            Class<?> t = types[i] == int.class ? Integer.class : types[i] == double.class ? Double.class : types[i];
            if (!t.isInstance(args[i])) {
                return false;
            }
        }
        return true;
    }

    @SuppressWarnings("unchecked")
    static void setParam(Object stage, String name, Object value) throws Exception {
        Param<Object> param = (Param<Object>) call(stage, "getParam", name);
        ParamPair<Object> pair = param.w(value);
        call(stage, "set", pair);
    }

}
