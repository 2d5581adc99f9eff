// Only declarations: the fuzzing build links libFuzzer (-sanitize=fuzzer), which defines LLVMFuzzerRunDriver.
#include "CLibFuzzer.h"
