// Debian's OpenBLAS 0.3.21 picks its kernels from a table of CPU models it knew in 2022; on a newer CPU it
// falls back to "Prescott" (SSE3) kernels, 5-8x slower for sgemm. It reads OPENBLAS_CORETYPE once, in its
// own constructor, which the dynamic loader runs before any constructor of ours and before main.
//
// The one hook that runs earlier is the executable's .preinit_array. It runs before libc's own init, so
// getenv/setenv are not usable yet (libc resets `environ` from the original array right after), but the
// loader hands us that array. When it lacks OPENBLAS_CORETYPE we ask the CPU (cpuid + xgetbv, so the OS
// must also save the wide registers) which kernel family fits, and re-execute the program once with the
// variable added, before any library has initialised. A value the user set is always kept, and a marker
// variable stops a second re-execution whatever happens.
#include <cpuid.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>
#include "CamLabCPUSetup.h"

static const char kCoreType[] = "OPENBLAS_CORETYPE=";
static const char kMarker[] = "CAMLAB_CHOSE_OPENBLAS_CORETYPE=";
static const char *decision = "";

const char *camlab_blas_coretype_decision(void) { return decision; }

static uint64_t read_xcr0(void) {
    uint32_t eax, edx;
    __asm__ volatile("xgetbv" : "=a"(eax), "=d"(edx) : "c"(0));
    return ((uint64_t)edx << 32) | eax;
}

static const char *best_coretype(void) {
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return NULL;
    const int has_osxsave = (c >> 27) & 1, has_fma = (c >> 12) & 1;
    if (!has_osxsave || __get_cpuid_max(0, NULL) < 7) return NULL;
    const uint64_t xcr0 = read_xcr0();
    const int os_saves_ymm = (xcr0 & 0x6) == 0x6;
    const int os_saves_zmm = (xcr0 & 0xe6) == 0xe6;
    __cpuid_count(7, 0, a, b, c, d);
    const int avx2 = (b >> 5) & 1;
    const int avx512 = ((b >> 16) & 1) /* F */ && ((b >> 17) & 1) /* DQ */ && ((b >> 30) & 1) /* BW */
                       && ((b >> 31) & 1) /* VL */;
    if (avx512 && os_saves_zmm) return "SkylakeX";
    if (avx2 && has_fma && os_saves_ymm) return "Haswell";
    return NULL;
}

static const char *find_value(char **envp, const char *prefix) {
    const size_t length = strlen(prefix);
    for (char **entry = envp; entry != NULL && *entry != NULL; ++entry)
        if (strncmp(*entry, prefix, length) == 0) return *entry + length;
    return NULL;
}

static void choose_openblas_kernels(int argc, char **argv, char **envp) {
    (void)argc;
    const char *marker = find_value(envp, kMarker);
    if (marker != NULL) {
        decision = marker;  // this process is the re-execution: record what was chosen
        return;
    }
    if (find_value(envp, kCoreType) != NULL) {
        decision = "user";
        return;
    }
    const char *coretype = best_coretype();
    if (coretype == NULL) return;

    size_t count = 0;
    while (envp[count] != NULL) ++count;
    char coretype_entry[64], marker_entry[96];
    if (strlen(kCoreType) + strlen(coretype) >= sizeof coretype_entry) return;
    strcpy(coretype_entry, kCoreType);
    strcat(coretype_entry, coretype);
    strcpy(marker_entry, kMarker);
    strcat(marker_entry, coretype);
    char *extended[count + 3];
    for (size_t i = 0; i < count; ++i) extended[i] = envp[i];
    extended[count] = coretype_entry;
    extended[count + 1] = marker_entry;
    extended[count + 2] = NULL;
    execve("/proc/self/exe", argv, extended);
    // execve returned: it failed (no /proc, say). Go on with OpenBLAS's own choice.
}

// `camlab report` must turn every Ctrl-C into a report marked interrupted, whenever it arrives. From here until
// its handler is installed (SignalHandling.untilExit), SIGINT is blocked, not fatal: one that arrives meanwhile
// waits, and is delivered to the handler. The mask survives the re-execution above. (Only a signal during the
// dynamic loader's work before this hook can still end the process.)
static void hold_interrupts_for_reports(int argc, char **argv) {
    if (argc < 2 || strcmp(argv[1], "report") != 0) return;
    const char *slash = strrchr(argv[0], '/');
    if (strcmp(slash ? slash + 1 : argv[0], "camlab") != 0) return;
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigprocmask(SIG_BLOCK, &set, NULL);
}

static void camlab_preinit(int argc, char **argv, char **envp) {
    hold_interrupts_for_reports(argc, argv);
    choose_openblas_kernels(argc, argv, envp);
}

__attribute__((used, section(".preinit_array")))
static void (*const camlab_preinit_entry)(int, char **, char **) = camlab_preinit;
