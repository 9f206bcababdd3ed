/*
 * elf_weaken_version FILE VERSION SYMBOL [--check]
 *
 * Makes an ELF64 shared object stop insisting on one symbol version (see README.md):
 * the version need VERSION is marked VER_FLG_WEAK in .gnu.version_r, and SYMBOL's entry in
 * .gnu.version becomes VER_NDX_GLOBAL, so the loader binds it to any unversioned definition.
 * Refuses if any other symbol is bound to VERSION: only SYMBOL has a stand-in.
 * Idempotent; with --check it changes nothing and exits 1 when the file still needs patching.
 * Exit codes: 0 done (or nothing to do), 1 patch needed (--check), 2 error.
 * Written in C rather than a script language so it needs nothing beyond the compiler that
 * builds the shim.
 */
#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned char *image;
static size_t image_size;

static int fail(const char *message)
{
    fprintf(stderr, "elf_weaken_version: %s\n", message);
    return 2;
}

static int in_bounds(size_t offset, size_t length)
{
    return offset <= image_size && length <= image_size - offset;
}

static const char *string_at(const Elf64_Shdr *strtab, size_t index)
{
    if (index >= strtab->sh_size || !in_bounds(strtab->sh_offset, strtab->sh_size))
    {
        return "";
    }
    const char *s = (const char *)image + strtab->sh_offset + index;
    return memchr(s, '\0', strtab->sh_size - index) ? s : "";
}

static int read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f || fseek(f, 0, SEEK_END) != 0)
    {
        return 0;
    }
    long size = ftell(f);
    rewind(f);
    image_size = size < 0 ? 0 : (size_t)size;
    image = malloc(image_size ? image_size : 1);
    int ok = image && fread(image, 1, image_size, f) == image_size;
    fclose(f);
    return ok;
}

static int write_file(const char *path)
{
    FILE *f = fopen(path, "r+b");
    int ok = f && fwrite(image, 1, image_size, f) == image_size;
    return f && fclose(f) == 0 && ok;
}

int main(int argc, char **argv)
{
    if (argc < 4)
    {
        return fail("usage: elf_weaken_version FILE VERSION SYMBOL [--check]");
    }
    const char *path = argv[1], *version = argv[2], *symbol = argv[3];
    int check_only = argc > 4 && strcmp(argv[4], "--check") == 0;
    if (!read_file(path))
    {
        return fail("cannot read the file");
    }

    const Elf64_Ehdr *eh = (const Elf64_Ehdr *)image;
    if (image_size < sizeof *eh || memcmp(eh->e_ident, ELFMAG, SELFMAG) != 0 ||
        eh->e_ident[EI_CLASS] != ELFCLASS64 || eh->e_ident[EI_DATA] != ELFDATA2LSB ||
        eh->e_shentsize != sizeof(Elf64_Shdr) || !in_bounds(eh->e_shoff, (size_t)eh->e_shnum * sizeof(Elf64_Shdr)))
    {
        return fail("not a little-endian ELF64 file");
    }
    Elf64_Shdr *sections = (Elf64_Shdr *)(image + eh->e_shoff);
    Elf64_Shdr *versym = NULL, *verneed = NULL;
    for (int i = 0; i < eh->e_shnum; i++)
    {
        if (sections[i].sh_type == SHT_GNU_versym) versym = &sections[i];
        if (sections[i].sh_type == SHT_GNU_verneed) verneed = &sections[i];
    }
    if (!versym || !verneed || versym->sh_link >= eh->e_shnum || verneed->sh_link >= eh->e_shnum ||
        !in_bounds(versym->sh_offset, versym->sh_size) || !in_bounds(verneed->sh_offset, verneed->sh_size))
    {
        return fail("no symbol versioning sections");
    }
    const Elf64_Shdr *dynsym = &sections[versym->sh_link];
    if (dynsym->sh_link >= eh->e_shnum || !in_bounds(dynsym->sh_offset, dynsym->sh_size))
    {
        return fail("bad .dynsym");
    }
    const Elf64_Shdr *dynstr = &sections[dynsym->sh_link];
    const Elf64_Shdr *needstr = &sections[verneed->sh_link];

    /* Find the version need by name: its index (vna_other) is what .gnu.version entries refer to. */
    Elf64_Vernaux *aux_found = NULL;
    size_t need_offset = verneed->sh_offset;
    for (;;)
    {
        if (!in_bounds(need_offset, sizeof(Elf64_Verneed)))
        {
            return fail("bad .gnu.version_r");
        }
        Elf64_Verneed *need = (Elf64_Verneed *)(image + need_offset);
        size_t aux_offset = need_offset + need->vn_aux;
        for (int a = 0; a < need->vn_cnt; a++)
        {
            if (!in_bounds(aux_offset, sizeof(Elf64_Vernaux)))
            {
                return fail("bad .gnu.version_r entry");
            }
            Elf64_Vernaux *aux = (Elf64_Vernaux *)(image + aux_offset);
            if (strcmp(string_at(needstr, aux->vna_name), version) == 0)
            {
                aux_found = aux;
            }
            aux_offset += aux->vna_next;
        }
        if (need->vn_next == 0)
        {
            break;
        }
        need_offset += need->vn_next;
    }
    if (!aux_found)
    {
        printf("%s: no need for %s; nothing to do\n", path, version);
        return 0;
    }

    size_t count = versym->sh_size / sizeof(Elf64_Half);
    if (count * sizeof(Elf64_Sym) > dynsym->sh_size)
    {
        return fail(".gnu.version is longer than .dynsym");
    }
    Elf64_Half *versions = (Elf64_Half *)(image + versym->sh_offset);
    const Elf64_Sym *symbols = (const Elf64_Sym *)(image + dynsym->sh_offset);
    int changes = !(aux_found->vna_flags & VER_FLG_WEAK);
    for (size_t i = 0; i < count; i++)
    {
        if ((versions[i] & 0x7fff) != aux_found->vna_other)
        {
            continue;
        }
        if (strcmp(string_at(dynstr, symbols[i].st_name), symbol) != 0)
        {
            fprintf(stderr, "elf_weaken_version: %s is also needed at %s; only %s has a stand-in\n",
                    string_at(dynstr, symbols[i].st_name), version, symbol);
            return 2;
        }
        if (!check_only)
        {
            versions[i] = VER_NDX_GLOBAL;
        }
        changes++;
    }
    if (check_only || changes == 0)
    {
        printf("%s: %s\n", path, changes ? "needs patching" : "already patched");
        return changes ? 1 : 0;
    }
    aux_found->vna_flags |= VER_FLG_WEAK;
    if (!write_file(path))
    {
        return fail("cannot write the file");
    }
    printf("%s: %s now weak, %s unversioned\n", path, version, symbol);
    return 0;
}
