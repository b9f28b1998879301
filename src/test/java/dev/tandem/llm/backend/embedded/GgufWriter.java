package dev.tandem.llm.backend.embedded;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Writes a GGUF file (version 3, little-endian, 32-byte alignment) by the format's own rules: metadata, tensor
 * declarations, then each tensor's data, streamed to the file so a model of hundreds of MB never sits in memory.
 */
final class GgufWriter {

    /** The tensor types the tests write: ggml's type number, elements per block and bytes per block. */
    enum TensorType {
        F32(0, 1, 4), Q8_0(8, 32, 34);

        final int id;
        final int blockElements;
        final int blockBytes;

        TensorType(int id, int blockElements, int blockBytes) {
            this.id = id;
            this.blockElements = blockElements;
            this.blockBytes = blockBytes;
        }

        long bytes(long elements) {
            return elements / blockElements * blockBytes;
        }
    }

    /** Writes a tensor's data, exactly as many bytes as its type and shape take. */
    @FunctionalInterface
    interface TensorData {
        void writeTo(Output out);
    }

    private record Tensor(String name, TensorType type, long[] shape, TensorData data) {

        long bytes() {
            return type.bytes(Arrays.stream(shape).reduce(1, Math::multiplyExact));
        }
    }

    static final int ALIGNMENT = 32;
    private static final int TYPE_UINT32 = 4, TYPE_INT32 = 5, TYPE_FLOAT32 = 6, TYPE_STRING = 8, TYPE_ARRAY = 9;

    private final ByteArrayOutputStream metadataBytes = new ByteArrayOutputStream();
    private final Output metadata = new Output(Channels.newChannel(metadataBytes), 1 << 16);
    private final List<Tensor> tensors = new ArrayList<>();
    private int entries;

    GgufWriter text(String key, String value) {
        key(key, TYPE_STRING).string(value);
        return this;
    }

    GgufWriter u32(String key, int value) {
        key(key, TYPE_UINT32).u32(value);
        return this;
    }

    GgufWriter f32(String key, float value) {
        key(key, TYPE_FLOAT32).f32(value);
        return this;
    }

    GgufWriter texts(String key, List<String> values) {
        array(key, TYPE_STRING, values.size());
        values.forEach(metadata::string);
        return this;
    }

    GgufWriter f32s(String key, List<Float> values) {
        array(key, TYPE_FLOAT32, values.size());
        values.forEach(metadata::f32);
        return this;
    }

    GgufWriter i32s(String key, List<Integer> values) {
        array(key, TYPE_INT32, values.size());
        values.forEach(metadata::u32);
        return this;
    }

    /** Declares a tensor; {@code shape} lists ggml's dimensions, the row length first. */
    GgufWriter tensor(String name, TensorType type, long[] shape, TensorData data) {
        if (shape[0] % type.blockElements != 0) {
            throw new IllegalArgumentException(name + ": rows of " + shape[0] + " do not split into " + type + " blocks");
        }
        tensors.add(new Tensor(name, type, shape, data));
        return this;
    }

    /** Writes the file (replacing it) and returns it. */
    Path write(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                Output out = new Output(channel, 1 << 20);
                out.bytes("GGUF".getBytes(StandardCharsets.US_ASCII));
                out.u32(3);
                out.u64(tensors.size());
                out.u64(entries);
                metadata.flush();
                out.bytes(metadataBytes.toByteArray());
                long offset = 0;
                for (Tensor tensor : tensors) {
                    out.string(tensor.name());
                    out.u32(tensor.shape().length);
                    for (long dimension : tensor.shape()) {
                        out.u64(dimension);
                    }
                    out.u32(tensor.type().id);
                    out.u64(offset);
                    offset = aligned(offset + tensor.bytes());
                }
                out.pad();
                for (Tensor tensor : tensors) {
                    long start = out.written;
                    tensor.data().writeTo(out);
                    if (out.written - start != tensor.bytes()) {
                        throw new IllegalStateException(tensor.name() + ": wrote " + (out.written - start)
                                + " bytes instead of " + tensor.bytes());
                    }
                    out.pad();
                }
                out.flush();
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Output key(String name, int type) {
        entries++;
        metadata.string(name);
        metadata.u32(type);
        return metadata;
    }

    private void array(String key, int elementType, int length) {
        key(key, TYPE_ARRAY).u32(elementType);
        metadata.u64(length);
    }

    private static long aligned(long offset) {
        return (offset + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
    }

    /** GGUF's little-endian primitives over a buffer that is written to the channel whenever it fills. */
    static final class Output {
        private final WritableByteChannel channel;
        private final ByteBuffer buffer;
        private long written;

        private Output(WritableByteChannel channel, int bufferSize) {
            this.channel = channel;
            this.buffer = ByteBuffer.allocate(bufferSize).order(ByteOrder.LITTLE_ENDIAN);
        }

        private void room(int bytes) {
            if (buffer.remaining() < bytes) {
                flush();
            }
        }

        private void flush() {
            buffer.flip();
            try {
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            buffer.clear();
        }

        void bytes(byte[] bytes) {
            for (int from = 0; from < bytes.length; from += buffer.capacity()) {
                int length = Math.min(buffer.capacity(), bytes.length - from);
                room(length);
                buffer.put(bytes, from, length);
            }
            written += bytes.length;
        }

        void u16(short value) {
            room(2);
            buffer.putShort(value);
            written += 2;
        }

        void u32(int value) {
            room(4);
            buffer.putInt(value);
            written += 4;
        }

        void u64(long value) {
            room(8);
            buffer.putLong(value);
            written += 8;
        }

        void f32(float value) {
            room(4);
            buffer.putFloat(value);
            written += 4;
        }

        void string(String value) {
            byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
            u64(utf8.length);
            bytes(utf8);
        }

        private void pad() {
            while (written % ALIGNMENT != 0) {
                bytes(new byte[1]);
            }
        }
    }
}
