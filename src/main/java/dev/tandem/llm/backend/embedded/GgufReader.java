package dev.tandem.llm.backend.embedded;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads a GGUF header (versions 2 and 3, little-endian) without loading the weights, and refuses what llama.cpp
 * would fail on or crash over: a wrong magic, an unknown version, a header cut short, counts and lengths no real
 * model has, and tensors that end beyond the end of the file (a truncated download).
 */
final class GgufReader {

    private static final int MAGIC = 0x46554747; // "GGUF" read little-endian
    private static final long MAX_STRING = 64L << 20;
    private static final long MAX_COUNT = 1L << 24;
    private static final int TYPE_UINT8 = 0, TYPE_INT8 = 1, TYPE_UINT16 = 2, TYPE_INT16 = 3, TYPE_UINT32 = 4,
            TYPE_INT32 = 5, TYPE_FLOAT32 = 6, TYPE_BOOL = 7, TYPE_STRING = 8, TYPE_ARRAY = 9, TYPE_UINT64 = 10,
            TYPE_INT64 = 11, TYPE_FLOAT64 = 12;

    private final InputStream in;
    private final ByteBuffer scratch = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    private final String file;
    private long position;

    private GgufReader(InputStream in, Path file) {
        this.in = in;
        this.file = file.toString();
    }

    static GgufFile read(Path path) {
        if (!Files.isRegularFile(path)) {
            throw new InvalidModelFile(path + " does not exist or is not a file");
        }
        try (InputStream in = new BufferedInputStream(Files.newInputStream(path), 1 << 16)) {
            return new GgufReader(in, path).readFile(path, Files.size(path));
        } catch (EOFException cut) {
            throw new InvalidModelFile(path + " is cut short inside its GGUF header: download it again");
        } catch (NoSuchFileException gone) {
            throw new InvalidModelFile(path + " does not exist");
        } catch (IOException unreadable) {
            throw new InvalidModelFile(path + " cannot be read: " + unreadable.getMessage());
        }
    }

    /** Whether the first bytes are GGUF's magic: enough to refuse a web page or an archive early. */
    static boolean startsWithMagic(byte[] head) {
        return head.length >= 4 && ByteBuffer.wrap(head, 0, 4).order(ByteOrder.LITTLE_ENDIAN).getInt() == MAGIC;
    }

    private GgufFile readFile(Path path, long size) throws IOException {
        if (i32() != MAGIC) {
            throw new InvalidModelFile(file + " is not a GGUF model (it does not start with GGUF)");
        }
        int version = i32();
        if (version != 2 && version != 3) {
            throw new InvalidModelFile(file + " is GGUF version " + version + "; llama.cpp reads versions 2 and 3");
        }
        long tensors = count("tensors");
        long entries = count("metadata entries");
        Map<String, Object> metadata = new HashMap<>();
        Map<String, Long> arrayLengths = new HashMap<>();
        for (long i = 0; i < entries; i++) {
            String key = string();
            int type = i32();
            if (type == TYPE_ARRAY) {
                int elementType = i32();
                long length = count("elements of " + key);
                for (long e = 0; e < length; e++) {
                    value(elementType);
                }
                arrayLengths.put(key, length);
            } else {
                metadata.put(key, value(type));
            }
        }
        long alignment = metadata.get("general.alignment") instanceof Number n ? n.longValue() : 32;
        long parameters = 0;
        long dataEnd = 0;
        for (long t = 0; t < tensors; t++) {
            String name = string();
            int dimensions = i32();
            if (dimensions < 1 || dimensions > 4) {
                throw corrupt("tensor " + name + " has " + dimensions + " dimensions");
            }
            long elements = 1;
            for (int d = 0; d < dimensions; d++) {
                elements = Math.multiplyExact(elements, i64());
            }
            int type = i32();
            long offset = i64();
            parameters += elements;
            dataEnd = Math.max(dataEnd, offset + TensorTypes.bytes(type, elements));
        }
        long dataStart = (position + alignment - 1) / alignment * alignment;
        if (dataStart + dataEnd > size) {
            throw new InvalidModelFile(file + " is truncated: its tensors need " + (dataStart + dataEnd)
                    + " bytes and the file has " + size + "; download it again");
        }
        return new GgufFile(path, version, metadata, arrayLengths, parameters, size);
    }

    private Object value(int type) throws IOException {
        return switch (type) {
            case TYPE_UINT8 -> (long) Byte.toUnsignedInt(bytes(1).get(0));
            case TYPE_INT8 -> (long) bytes(1).get(0);
            case TYPE_UINT16 -> (long) Short.toUnsignedInt(bytes(2).getShort(0));
            case TYPE_INT16 -> (long) bytes(2).getShort(0);
            case TYPE_UINT32 -> Integer.toUnsignedLong(i32());
            case TYPE_INT32 -> (long) i32();
            case TYPE_FLOAT32 -> (double) bytes(4).getFloat(0);
            case TYPE_BOOL -> bytes(1).get(0) != 0;
            case TYPE_STRING -> string();
            case TYPE_UINT64, TYPE_INT64 -> i64();
            case TYPE_FLOAT64 -> bytes(8).getDouble(0);
            default -> throw corrupt("a metadata value has the unknown type " + type);
        };
    }

    private long count(String what) throws IOException {
        long count = i64();
        if (count < 0 || count > MAX_COUNT) {
            throw corrupt("it announces " + Long.toUnsignedString(count) + " " + what);
        }
        return count;
    }

    private String string() throws IOException {
        long length = i64();
        if (length < 0 || length > MAX_STRING) {
            throw corrupt("a string is said to be " + Long.toUnsignedString(length) + " bytes long");
        }
        byte[] utf8 = in.readNBytes((int) length);
        if (utf8.length < length) {
            throw new EOFException();
        }
        position += length;
        return new String(utf8, StandardCharsets.UTF_8);
    }

    private int i32() throws IOException {
        return bytes(4).getInt(0);
    }

    private long i64() throws IOException {
        return bytes(8).getLong(0);
    }

    private ByteBuffer bytes(int n) throws IOException {
        scratch.clear();
        for (int i = 0; i < n; i++) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException();
            }
            scratch.put((byte) b);
        }
        position += n;
        return scratch;
    }

    private InvalidModelFile corrupt(String why) {
        return new InvalidModelFile(file + " is not a valid GGUF model: " + why);
    }

    /** Bytes per block and elements per block of ggml's tensor types, to know where each tensor ends. */
    private static final class TensorTypes {
        private static final int[][] BLOCKS = {
                {4, 1}, {2, 1}, {18, 32}, {20, 32}, null, null, {22, 32}, {24, 32}, {34, 32}, {36, 32},
                {84, 256}, {110, 256}, {144, 256}, {176, 256}, {210, 256}, {292, 256}, {66, 256}, {74, 256},
                {98, 256}, {50, 256}, {18, 32}, {110, 256}, {82, 256}, {136, 256}, {1, 1}, {2, 1}, {4, 1},
                {8, 1}, {8, 1}, {56, 256}, {2, 1}, null, null, null, {54, 256}, {66, 256}};

        /** 0 for a type this table does not know: such a tensor is not checked against the file's end. */
        static long bytes(int type, long elements) {
            if (type < 0 || type >= BLOCKS.length || BLOCKS[type] == null) {
                return 0;
            }
            return elements / BLOCKS[type][1] * BLOCKS[type][0];
        }
    }
}
