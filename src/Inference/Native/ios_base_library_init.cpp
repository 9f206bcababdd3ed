// Provides std::ios_base_library_init() for libstdc++ older than GCC 13 (GLIBCXX_3.4.32); see README.md.
// GCC 13 made <iostream> reference this function instead of giving each translation unit its own
// std::ios_base::Init, so the standard streams are set up once inside the library that defines it.
// Here the shim owns that Init object, constructed when the shim is loaded.
#include <ios>

namespace std
{
    void ios_base_library_init();
}

static std::ios_base::Init s_streams;

void std::ios_base_library_init()
{
    static std::ios_base::Init streams;
}
