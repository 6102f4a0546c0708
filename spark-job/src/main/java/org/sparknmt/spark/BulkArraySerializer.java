package org.sparknmt.spark;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Kryo serializer for ND4J arrays that copies their memory in 64 KiB blocks. ND4J's own ({@code Nd4jSerializer},
 * through {@code Nd4j.write}) writes and reads one element at a time through a {@code DataOutputStream}; the
 * trainer moves every worker's parameters and Adam state through Kryo each averaging round (3 x 9.5 M values for
 * the Multi30k Transformer), and that loop was the largest Java cost of a round. Format: a kind byte; for numeric
 * arrays the type name, rank, shape and the values in 'c' order in the machine's byte order (little-endian on the
 * platforms ND4J ships); empty arrays their type and shape (ND4J's own format cannot read them back); other arrays
 * (compressed; strings, which neither format reads back) go through {@code Nd4j.write} as before.
 */
public final class BulkArraySerializer extends Serializer<INDArray> {
    private static final byte BULK = 1;
    private static final byte ND4J = 2;
    private static final byte EMPTY = 3;
    private static final int BLOCK = 1 << 16;

    @Override
    public void write(Kryo kryo, Output out, INDArray array) {
        if (array.isEmpty()) { // Nd4j.read cannot read what Nd4j.write makes of these
            out.writeByte(EMPTY);
            out.writeString(array.dataType().name());
            writeShape(out, array.shape());
            return;
        }
        if (!bulk(array)) {
            out.writeByte(ND4J);
            try {
                DataOutputStream data = new DataOutputStream(out);
                Nd4j.write(array, data);
                data.flush();
            } catch (IOException e) {
                throw new KryoException("cannot write an ND4J array", e);
            }
            return;
        }
        INDArray c = array.isView() || array.ordering() != 'c' || array.data().length() != array.length()
                ? array.dup('c') : array;
        out.writeByte(BULK);
        out.writeBoolean(ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN);
        out.writeString(c.dataType().name());
        writeShape(out, c.shape());
        try {
            ByteBuffer memory = bytesOf(c);
            byte[] block = new byte[Math.min(BLOCK, memory.remaining())];
            while (memory.hasRemaining()) {
                int n = Math.min(block.length, memory.remaining());
                memory.get(block, 0, n);
                out.writeBytes(block, 0, n);
            }
        } finally {
            // the NIO view does not keep the copy alive: without this the copy's memory can be freed mid-loop
            Reference.reachabilityFence(c);
        }
    }

    @Override
    public INDArray read(Kryo kryo, Input in, Class<INDArray> type) {
        byte kind = in.readByte();
        if (kind == ND4J) {
            return Nd4j.read(new DataInputStream(in));
        }
        if (kind == EMPTY) {
            DataType dataType = DataType.valueOf(in.readString());
            long[] shape = readShape(in);
            return shape.length == 0 ? Nd4j.empty(dataType) : Nd4j.create(dataType, shape);
        }
        if (kind != BULK) {
            throw new KryoException("not an array written by " + getClass().getSimpleName() + " (kind " + kind + ")");
        }
        boolean little = in.readBoolean();
        if (little != (ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN)) {
            throw new KryoException("array written on a machine of the other byte order: run drivers and executors on"
                    + " machines of one byte order");
        }
        DataType dataType = DataType.valueOf(in.readString());
        long[] shape = readShape(in);
        INDArray array = Nd4j.createUninitialized(dataType, shape, 'c');
        ByteBuffer memory = bytesOf(array);
        byte[] block = new byte[Math.min(BLOCK, memory.remaining())];
        try {
            while (memory.hasRemaining()) {
                int n = Math.min(block.length, memory.remaining());
                in.readBytes(block, 0, n);
                memory.put(block, 0, n);
            }
        } finally {
            Reference.reachabilityFence(array);
        }
        return array;
    }

    /**
     * A view of a whole 'c'-order array's values as bytes, from its first value to its last (the buffer behind it may
     * be longer). The view does not keep the array alive: callers fence it.
     */
    private static ByteBuffer bytesOf(INDArray whole) {
        ByteBuffer memory = whole.data().asNio().duplicate();
        memory.position(0).limit((int) (whole.length() * whole.dataType().width()));
        return memory;
    }

    private static void writeShape(Output out, long[] shape) {
        out.writeInt(shape.length, true);
        for (long s : shape) {
            out.writeLong(s, true);
        }
    }

    private static long[] readShape(Input in) {
        long[] shape = new long[in.readInt(true)];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = in.readLong(true);
        }
        return shape;
    }

    /** Numeric (empty arrays are handled before), uncompressed, and small enough for one NIO view (under 2 GiB). */
    private static boolean bulk(INDArray array) {
        DataType t = array.dataType();
        return (t.isNumerical() || t == DataType.BOOL) && !array.isCompressed()
                && array.length() * t.width() < Integer.MAX_VALUE;
    }
}
