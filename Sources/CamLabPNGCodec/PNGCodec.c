#include "CamLabPNGCodec.h"

#include <png.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// Where libpng's error callback leaves its message before jumping back to the setjmp in the caller.
typedef struct {
    char *message;
    size_t size;
} error_sink;

static void on_error(png_structp png, png_const_charp message) {
    error_sink *sink = png_get_error_ptr(png);
    if (sink && sink->size > 0) snprintf(sink->message, sink->size, "%s", message);
    png_longjmp(png, 1);
}

static void on_warning(png_structp png, png_const_charp message) {
    (void)png;
    (void)message;  // warnings (e.g. unknown chunks) do not stop decoding
}

// ---- Encoding: libpng writes through this growing buffer. ----

typedef struct {
    unsigned char *data;
    size_t size;
    size_t capacity;
} byte_buffer;

static void write_bytes(png_structp png, png_bytep bytes, png_size_t count) {
    byte_buffer *buffer = png_get_io_ptr(png);
    if (buffer->size + count > buffer->capacity) {
        size_t capacity = buffer->capacity ? buffer->capacity : 4096;
        while (capacity < buffer->size + count) capacity *= 2;
        unsigned char *grown = realloc(buffer->data, capacity);
        if (!grown) png_error(png, "out of memory while encoding PNG");
        buffer->data = grown;
        buffer->capacity = capacity;
    }
    memcpy(buffer->data + buffer->size, bytes, count);
    buffer->size += count;
}

static void flush_bytes(png_structp png) { (void)png; }

int camlab_png_encode(const unsigned char *pixels, int width, int height, int channels,
                      unsigned char **png_out, size_t *png_size, char *error, size_t error_size) {
    error_sink sink = {error, error_size};
    int color_type;
    switch (channels) {
        case 1: color_type = PNG_COLOR_TYPE_GRAY; break;
        case 3: color_type = PNG_COLOR_TYPE_RGB; break;
        case 4: color_type = PNG_COLOR_TYPE_RGB_ALPHA; break;
        default: snprintf(error, error_size, "PNG needs 1, 3 or 4 channels, got %d", channels); return -1;
    }
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &sink, on_error, on_warning);
    if (!png) { snprintf(error, error_size, "cannot start the PNG encoder"); return -1; }
    png_infop info = png_create_info_struct(png);
    // Volatile: read after longjmp, so it must not live only in a register.
    byte_buffer *volatile buffer = calloc(1, sizeof(byte_buffer));
    png_bytep *volatile rows = malloc(sizeof(png_bytep) * (size_t)(height > 0 ? height : 1));
    if (!info || !buffer || !rows) {
        snprintf(error, error_size, "out of memory while encoding PNG");
        png_destroy_write_struct(&png, info ? &info : NULL);
        free(buffer);
        free(rows);
        return -1;
    }
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, &info);
        free(buffer->data);
        free(buffer);
        free(rows);
        return -1;
    }
    png_set_write_fn(png, buffer, write_bytes, flush_bytes);
    png_set_IHDR(png, info, (png_uint_32)width, (png_uint_32)height, 8, color_type, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    for (int y = 0; y < height; y++) rows[y] = (png_bytep)(pixels + (size_t)y * (size_t)width * (size_t)channels);
    png_set_rows(png, info, rows);
    png_write_png(png, info, PNG_TRANSFORM_IDENTITY, NULL);
    png_destroy_write_struct(&png, &info);
    free(rows);
    *png_out = buffer->data;
    *png_size = buffer->size;
    free(buffer);
    return 0;
}

// ---- Decoding: libpng reads from this cursor; running past the end is a truncated file. ----

typedef struct {
    const unsigned char *data;
    size_t size;
    size_t offset;
} byte_cursor;

static void read_bytes(png_structp png, png_bytep out, png_size_t count) {
    byte_cursor *cursor = png_get_io_ptr(png);
    if (cursor->size - cursor->offset < count) png_error(png, "file ends early (truncated)");
    memcpy(out, cursor->data + cursor->offset, count);
    cursor->offset += count;
}

int camlab_png_decode(const unsigned char *data, size_t size, unsigned char **pixels_out,
                      int *width_out, int *height_out, int *channels_out, char *error, size_t error_size) {
    error_sink sink = {error, error_size};
    if (size < 8 || png_sig_cmp(data, 0, 8) != 0) {
        snprintf(error, error_size, "not a PNG file (the first 8 bytes are not the PNG signature)");
        return -1;
    }
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &sink, on_error, on_warning);
    if (!png) { snprintf(error, error_size, "cannot start the PNG decoder"); return -1; }
    png_infop info = png_create_info_struct(png);
    if (!info) {
        png_destroy_read_struct(&png, NULL, NULL);
        snprintf(error, error_size, "out of memory while decoding PNG");
        return -1;
    }
    byte_cursor cursor = {data, size, 0};
    unsigned char *volatile pixels = NULL;
    png_bytep *volatile rows = NULL;
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_read_struct(&png, &info, NULL);
        free(pixels);
        free(rows);
        return -1;
    }
    png_set_read_fn(png, &cursor, read_bytes);
    // Refuse absurd sizes before allocating (a corrupt header could claim gigapixels).
    png_set_user_limits(png, 1 << 16, 1 << 16);
    png_read_info(png, info);

    png_uint_32 width = png_get_image_width(png, info), height = png_get_image_height(png, info);
    if ((unsigned long long)width * height > (1ull << 28)) png_error(png, "image too large (over 268 megapixels)");
    int color_type = png_get_color_type(png, info);
    int has_transparency = png_get_valid(png, info, PNG_INFO_tRNS) != 0;

    png_set_strip_16(png);  // 16-bit samples keep their high byte
    png_set_packing(png);   // 1, 2 and 4-bit samples become bytes
    if (color_type == PNG_COLOR_TYPE_PALETTE) png_set_palette_to_rgb(png);
    if (color_type == PNG_COLOR_TYPE_GRAY) png_set_expand_gray_1_2_4_to_8(png);
    if (has_transparency) png_set_tRNS_to_alpha(png);
    if ((color_type == PNG_COLOR_TYPE_GRAY && has_transparency) || color_type == PNG_COLOR_TYPE_GRAY_ALPHA) {
        png_set_gray_to_rgb(png);
    }
    png_set_interlace_handling(png);
    png_read_update_info(png, info);

    int channels = png_get_channels(png, info);
    size_t row_bytes = png_get_rowbytes(png, info);
    if (channels != 1 && channels != 3 && channels != 4) png_error(png, "unsupported PNG pixel layout");
    if (row_bytes != (size_t)width * (size_t)channels) png_error(png, "unexpected PNG row size");
    pixels = malloc(row_bytes * height);
    rows = malloc(sizeof(png_bytep) * height);
    if (!pixels || !rows) png_error(png, "out of memory while decoding PNG");
    for (png_uint_32 y = 0; y < height; y++) rows[y] = pixels + (size_t)y * row_bytes;
    png_read_image(png, rows);
    png_read_end(png, NULL);

    png_destroy_read_struct(&png, &info, NULL);
    free(rows);
    *pixels_out = pixels;
    *width_out = (int)width;
    *height_out = (int)height;
    *channels_out = channels;
    return 0;
}

void camlab_png_free(void *buffer) { free(buffer); }
