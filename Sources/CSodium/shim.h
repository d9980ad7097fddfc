#ifndef ATTEST_CSODIUM_SHIM_H
#define ATTEST_CSODIUM_SHIM_H
#include <sodium.h>
#endif
