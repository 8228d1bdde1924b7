// A stand-in for the Visual C++ runtime, so that a NativeAOT win-x64 executable links on Linux (lld-link) to measure
// its size; it also runs under Wine. Not for shipping: a fixed GS cookie, a Control Flow Guard that checks nothing,
// no stack probes, no unhandled-exception filter. Release builds link with the real runtime on Windows.
#include <stddef.h>
#include <stdint.h>

extern "C" {
typedef void(__cdecl* _PVFV)(void);
typedef int(__cdecl* _PIFV)(void);

// From ucrtbase.dll (ucrt.lib, and ucrtbase.def for what ucrt.lib leaves to the static runtime).
__declspec(dllimport) int __cdecl _configure_wide_argv(int mode);
__declspec(dllimport) int* __cdecl __p___argc(void);
__declspec(dllimport) wchar_t*** __cdecl __p___wargv(void);
__declspec(dllimport) void __cdecl _initterm(_PVFV* first, _PVFV* last);
__declspec(dllimport) int __cdecl _initterm_e(_PIFV* first, _PIFV* last);
__declspec(dllimport) __declspec(noreturn) void __cdecl exit(int code);
__declspec(dllimport) int __cdecl _crt_atexit(_PVFV function);
__declspec(dllimport) void* __cdecl malloc(size_t size);
__declspec(dllimport) void __cdecl free(void* block);
int __cdecl wmain(int argc, wchar_t** argv);

// C and C++ initializers: the linker sorts .CRT$X?? sections, so these bracket what the objects contribute.
#pragma section(".CRT$XCA", long, read)
#pragma section(".CRT$XCZ", long, read)
#pragma section(".CRT$XIA", long, read)
#pragma section(".CRT$XIZ", long, read)
__declspec(allocate(".CRT$XCA")) _PVFV __xc_a[] = {nullptr};
__declspec(allocate(".CRT$XCZ")) _PVFV __xc_z[] = {nullptr};
__declspec(allocate(".CRT$XIA")) _PIFV __xi_a[] = {nullptr};
__declspec(allocate(".CRT$XIZ")) _PIFV __xi_z[] = {nullptr};

// The TLS directory the loader reads (the runtime keeps its thread state in __declspec(thread) variables).
#pragma section(".tls", long, read, write)
#pragma section(".tls$ZZZ", long, read, write)
#pragma section(".CRT$XLA", long, read)
#pragma section(".CRT$XLZ", long, read)
__declspec(allocate(".tls")) char _tls_start = 0;
__declspec(allocate(".tls$ZZZ")) char _tls_end = 0;
__declspec(allocate(".CRT$XLA")) void* __xl_a = nullptr;
__declspec(allocate(".CRT$XLZ")) void* __xl_z = nullptr;
unsigned long _tls_index = 0;
struct TlsDirectory { uint64_t Start, End, Index, Callbacks; uint32_t ZeroFill, Characteristics; };
extern const TlsDirectory _tls_used = {(uint64_t)&_tls_start, (uint64_t)&_tls_end, (uint64_t)&_tls_index, (uint64_t)(&__xl_a + 1), 0, 0};
__declspec(thread) char __tls_guard = 0;
void __cdecl __dyn_tls_init(void*, unsigned long, void*) {}
void __cdecl __dyn_tls_on_demand_init(void) {}

// Buffer-overrun checks, stack probes, exception handling and Control Flow Guard: accept everything.
uintptr_t __security_cookie = 0x2B992DDFA232ull;
void __cdecl __security_check_cookie(uintptr_t) {}
void __cdecl __report_rangecheckfailure(void) { exit(3); }
int __cdecl __GSHandlerCheck(void*, void*, void*, void*) { return 1; }
int __cdecl __CxxFrameHandler3(void*, void*, void*, void*) { return 1; }
void __cdecl __chkstk(void) {}
void __guard_dispatch_icall_nop(void);
void __guard_check_icall_nop(void) {}
__asm__(".globl __guard_dispatch_icall_nop\n__guard_dispatch_icall_nop:\n  jmp *%rax\n"); // the target is in rax
void (*__guard_dispatch_icall_fptr)(void) = __guard_dispatch_icall_nop;
void (*__guard_check_icall_fptr)(void) = __guard_check_icall_nop;
int _fltused = 0;

int __cdecl atexit(_PVFV function) { return _crt_atexit(function); }

int __cdecl wmainCRTStartup(void)
{
    _configure_wide_argv(1);
    _initterm_e(__xi_a, __xi_z);
    _initterm(__xc_a, __xc_z);
    exit(wmain(*__p___argc(), *__p___wargv()));
}
}

namespace std { struct nothrow_t { explicit nothrow_t() = default; }; extern const nothrow_t nothrow; const nothrow_t nothrow{}; }
void* __cdecl operator new(size_t n) { return malloc(n); }
void* __cdecl operator new[](size_t n) { return malloc(n); }
void* __cdecl operator new(size_t n, const std::nothrow_t&) noexcept { return malloc(n); }
void* __cdecl operator new[](size_t n, const std::nothrow_t&) noexcept { return malloc(n); }
void __cdecl operator delete(void* p) noexcept { free(p); }
void __cdecl operator delete[](void* p) noexcept { free(p); }
void __cdecl operator delete(void* p, size_t) noexcept { free(p); }
void __cdecl operator delete[](void* p, size_t) noexcept { free(p); }
