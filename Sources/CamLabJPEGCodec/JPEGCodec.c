#include "CamLabJPEGCodec.h"

#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>

// libjpeg's error manager, extended with the place to jump back to and where the message goes.
typedef struct {
    struct jpeg_error_mgr base;
    jmp_buf jump;
    char *message;
    size_t size;
} error_sink;

static void on_error(j_common_ptr cinfo) {
    error_sink *sink = (error_sink *)cinfo->err;
    char text[JMSG_LENGTH_MAX];
    sink->base.format_message(cinfo, text);
    if (sink->size > 0) snprintf(sink->message, sink->size, "%s", text);
    longjmp(sink->jump, 1);
}

// A warning means corrupt data that libjpeg would paper over (a truncated file gets grey rows): refuse it, so a
// damaged picture is reported instead of silently trained on. Trace messages (level > 0) are ignored.
static void on_message(j_common_ptr cinfo, int level) {
    if (level < 0) on_error(cinfo);
}

static void start_errors(struct jpeg_error_mgr *base) {
    jpeg_std_error(base);
    base->error_exit = on_error;
    base->emit_message = on_message;
}

// Called by the decoder between passes and scans; refuses progressive files with too many scans.
static void on_progress(j_common_ptr cinfo) {
    j_decompress_ptr d = (j_decompress_ptr)cinfo;
    if (d->input_scan_number > CAMLAB_JPEG_MAX_SCANS) {
        error_sink *sink = (error_sink *)cinfo->err;
        if (sink->size > 0) {
            snprintf(sink->message, sink->size, "more than %d progressive scans (a decompression bomb?)",
                     CAMLAB_JPEG_MAX_SCANS);
        }
        longjmp(sink->jump, 1);
    }
}

static int start_reading(struct jpeg_decompress_struct *cinfo, const unsigned char *data, size_t size,
                         char *error, size_t error_size) {
    if (size < 3 || data[0] != 0xFF || data[1] != 0xD8) {
        snprintf(error, error_size, "not a JPEG file (it does not start with the JPEG marker FF D8)");
        return -1;
    }
    jpeg_create_decompress(cinfo);
    jpeg_mem_src(cinfo, data, (unsigned long)size);
    // Saved so that an Adobe marker (which says whether CMYK is inverted) is seen.
    jpeg_read_header(cinfo, TRUE);
    return 0;
}

int camlab_jpeg_read_header(const unsigned char *data, size_t size, camlab_jpeg_header *header,
                            char *error, size_t error_size) {
    struct jpeg_decompress_struct cinfo;
    error_sink sink = {.message = error, .size = error_size};
    cinfo.err = &sink.base;
    start_errors(&sink.base);
    if (setjmp(sink.jump)) {
        jpeg_destroy_decompress(&cinfo);
        return -1;
    }
    if (start_reading(&cinfo, data, size, error, error_size) != 0) return -1;
    header->width = (int)cinfo.image_width;
    header->height = (int)cinfo.image_height;
    header->components = cinfo.num_components;
    header->cmyk = cinfo.jpeg_color_space == JCS_CMYK || cinfo.jpeg_color_space == JCS_YCCK;
    header->progressive = jpeg_has_multiple_scans(&cinfo) ? 1 : 0;
    jpeg_destroy_decompress(&cinfo);
    return 0;
}

// TensorFlow's conversion (core/lib/jpeg/jpeg_mem.cc): Adobe files store CMYK inverted, others straight.
static void cmyk_to_rgb(const unsigned char *cmyk, unsigned char *rgb, int width, int inverted) {
    for (int x = 0; x < width; x++, cmyk += 4, rgb += 3) {
        int c = cmyk[0], m = cmyk[1], y = cmyk[2], k = cmyk[3];
        if (inverted) {
            rgb[0] = (unsigned char)(c * k / 255);
            rgb[1] = (unsigned char)(m * k / 255);
            rgb[2] = (unsigned char)(y * k / 255);
        } else {
            rgb[0] = (unsigned char)((255 - c) * (255 - k) / 255);
            rgb[1] = (unsigned char)((255 - m) * (255 - k) / 255);
            rgb[2] = (unsigned char)((255 - y) * (255 - k) / 255);
        }
    }
}

int camlab_jpeg_decode(const unsigned char *data, size_t size, int channels, int fast_dct,
                       unsigned char **pixels_out, int *width_out, int *height_out, int *channels_out,
                       char *error, size_t error_size) {
    struct jpeg_decompress_struct cinfo;
    struct jpeg_progress_mgr progress = {.progress_monitor = on_progress};
    error_sink sink = {.message = error, .size = error_size};
    // Volatile: read after longjmp, so they must not live only in registers.
    unsigned char *volatile pixels = NULL;
    unsigned char *volatile row = NULL;
    cinfo.err = &sink.base;
    start_errors(&sink.base);
    if (setjmp(sink.jump)) {
        jpeg_destroy_decompress(&cinfo);
        free(pixels);
        free(row);
        return -1;
    }
    if (start_reading(&cinfo, data, size, error, error_size) != 0) return -1;
    cinfo.progress = &progress;
    int cmyk = cinfo.jpeg_color_space == JCS_CMYK || cinfo.jpeg_color_space == JCS_YCCK;
    int out_channels = channels == 1 || (channels == 0 && cinfo.num_components == 1) ? 1 : 3;
    if (out_channels == 1 && cmyk) {
        // libjpeg cannot take luma from CMYK: this decodes to RGB and the caller converts.
        out_channels = 3;
    }
    cinfo.out_color_space = cmyk ? JCS_CMYK : (out_channels == 1 ? JCS_GRAYSCALE : JCS_RGB);
    cinfo.dct_method = fast_dct ? JDCT_IFAST : JDCT_ISLOW;
    jpeg_start_decompress(&cinfo);

    int width = (int)cinfo.output_width, height = (int)cinfo.output_height;
    size_t stride = (size_t)width * (size_t)out_channels;
    pixels = malloc(stride * (size_t)height);
    row = malloc((size_t)width * (size_t)cinfo.output_components);
    if (!pixels || !row) {
        snprintf(error, error_size, "out of memory while decoding a %dx%d JPEG", width, height);
        longjmp(sink.jump, 1);
    }
    while (cinfo.output_scanline < cinfo.output_height) {
        size_t y = cinfo.output_scanline;
        JSAMPROW rows[1] = {cmyk ? row : pixels + y * stride};
        if (jpeg_read_scanlines(&cinfo, rows, 1) != 1) {
            snprintf(error, error_size, "file ends early (truncated)");
            longjmp(sink.jump, 1);
        }
        if (cmyk) cmyk_to_rgb(row, pixels + y * stride, width, cinfo.saw_Adobe_marker);
    }
    jpeg_finish_decompress(&cinfo);
    jpeg_destroy_decompress(&cinfo);
    free(row);
    *pixels_out = pixels;
    *width_out = width;
    *height_out = height;
    *channels_out = out_channels;
    return 0;
}

int camlab_jpeg_encode(const unsigned char *pixels, int width, int height, int channels, int quality,
                       unsigned char **jpeg_out, size_t *jpeg_size, char *error, size_t error_size) {
    if (channels != 1 && channels != 3) {
        snprintf(error, error_size, "JPEG needs 1 or 3 channels, got %d", channels);
        return -1;
    }
    struct jpeg_compress_struct cinfo;
    error_sink sink = {.message = error, .size = error_size};
    // jpeg_mem_dest's buffer, which libjpeg grows with malloc; volatile for the same reason as above.
    unsigned char *volatile buffer = NULL;
    unsigned long volatile buffer_size = 0;
    cinfo.err = &sink.base;
    start_errors(&sink.base);
    if (setjmp(sink.jump)) {
        jpeg_destroy_compress(&cinfo);
        free(buffer);
        return -1;
    }
    jpeg_create_compress(&cinfo);
    jpeg_mem_dest(&cinfo, (unsigned char **)&buffer, (unsigned long *)&buffer_size);
    cinfo.image_width = (JDIMENSION)width;
    cinfo.image_height = (JDIMENSION)height;
    cinfo.input_components = channels;
    cinfo.in_color_space = channels == 1 ? JCS_GRAYSCALE : JCS_RGB;
    jpeg_set_defaults(&cinfo);
    jpeg_set_quality(&cinfo, quality, TRUE);
    jpeg_start_compress(&cinfo, TRUE);
    size_t stride = (size_t)width * (size_t)channels;
    while (cinfo.next_scanline < cinfo.image_height) {
        JSAMPROW rows[1] = {(JSAMPROW)(pixels + cinfo.next_scanline * stride)};
        jpeg_write_scanlines(&cinfo, rows, 1);
    }
    jpeg_finish_compress(&cinfo);
    jpeg_destroy_compress(&cinfo);
    *jpeg_out = buffer;
    *jpeg_size = buffer_size;
    return 0;
}

void camlab_jpeg_free(void *buffer) { free(buffer); }
