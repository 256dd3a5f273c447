// Must not compile: the sim layer does not link the policy layer, so policy's headers are not on
// its include path. The `layering` test builds this file and expects exactly that error.
#include "policy/pipeline.h"
