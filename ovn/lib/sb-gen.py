#! /usr/bin/env python3
# sb-gen.py: generates ovn-controller's Southbound layer from the OVSDB
# schema and the list of what we read (ovn/lib/sb-tables.txt).
#
#   sb-gen.py c-header SCHEMA TABLES > ovn/lib/sb-idl-shim.h
#   sb-gen.py c-source SCHEMA TABLES > ovn/lib/sb-idl-shim.c
#   sb-gen.py cxx-header SCHEMA TABLES > ovn/lib/sb-rows.h
#
# The C shim is the only code that sees the IDL header ovsdb-idlc generates
# (ovn/lib/ovn-sb-idl.h, which is not valid C++); the C++ header wraps the
# shim in typed, read-only row views.  docs/southbound-layer.rst describes
# both and how to add a table or a column.

import json
import re
import sys


class SpecError(Exception):
    pass


def camel(name):
    """'Port_Binding' -> 'PortBinding', 'SB_Global' -> 'SbGlobal'."""
    return ''.join(p[:1].upper() + p[1:].lower() for p in name.split('_'))


class Column:
    """One column of the schema, classified by how the IDL represents it.

    'kind' is one of:
      scalar   exactly one atom (string, integer, real, boolean, uuid)
      optional zero or one atom
      set      zero or more atoms
      smap     a string-to-string map
    'atom' is 'string', 'integer', 'real', 'boolean', 'uuid' or 'ref'."""

    def __init__(self, table, name, typ):
        self.table = table
        self.name = name
        if isinstance(typ, str):
            typ = {'key': typ}
        key = typ['key']
        if isinstance(key, str):
            key = {'type': key}
        value = typ.get('value')
        n_min = typ.get('min', 1)
        n_max = typ.get('max', 1)
        self.ref_table = key.get('refTable')
        # 'raw': the IDL keeps the datum but does not parse it into the
        # row's members (see sb-tables.txt); no accessor.
        self.raw = False
        self.atom = 'ref' if self.ref_table else key['type']
        self.supported = True
        if value is not None:
            vtype = value if isinstance(value, str) else value['type']
            if self.atom == 'string' and vtype == 'string':
                self.kind = 'smap'
            else:
                self.kind = 'map'
                self.supported = False
        elif n_min == 1 and n_max == 1:
            self.kind = 'scalar'
        elif n_min == 0 and n_max == 1:
            self.kind = 'optional'
        else:
            self.kind = 'set'

    @property
    def enum(self):
        return 'SB_GEN_%s_COL_%s' % (self.table.name.upper(),
                                     self.name.upper())

    def is_pointer_optional(self):
        """ovsdb-idlc represents an optional string or reference as a
        pointer that may be NULL, other optional atoms as a set of at most
        one element."""
        return self.kind == 'optional' and self.atom in ('string', 'ref')

    def c_atom(self):
        if self.atom == 'string':
            return 'const char *'
        if self.atom == 'integer':
            return 'int64_t '
        if self.atom == 'real':
            return 'double '
        if self.atom == 'boolean':
            return 'bool '
        if self.atom == 'uuid':
            return 'const struct uuid *'
        return 'const struct sbrec_%s *' % self.ref_table.lower()

    def cxx_atom(self):
        if self.atom == 'string':
            return 'std::string_view'
        if self.atom == 'integer':
            return 'int64_t'
        if self.atom == 'real':
            return 'double'
        if self.atom == 'boolean':
            return 'bool'
        if self.atom == 'uuid':
            return 'ovs::Uuid'
        return camel(self.ref_table)

    def is_multi(self):
        """Whether the shim reads it as n_COL() and COL(i)."""
        return self.kind == 'set' or (self.kind == 'optional'
                                      and not self.is_pointer_optional())


class Index:
    def __init__(self, table, name, columns):
        self.table = table
        self.name = name
        self.columns = columns


class Prefix:
    """Lookups by the leading columns of an index, which has the rows in
    their order: no index of its own for the IDL to update."""
    def __init__(self, table, name, index, columns):
        self.table = table
        self.name = name
        self.index = index
        self.columns = columns
        # The index's other columns, set to their least values in a key.
        self.rest = index.columns[len(columns):]


class Table:
    def __init__(self, name, schema):
        self.name = name
        self.lower = name.lower()
        self.camel = camel(name)
        self.schema = schema
        self.track = False
        self.columns = []
        self.indexes = []
        self.prefixes = []
        self.clauses = []
        self.raw = []

    def column(self, name):
        for c in self.columns:
            if c.name == name:
                return c
        raise SpecError('%s: column %s is not listed' % (self.name, name))


def load(schema_file, tables_file):
    schema = json.load(open(schema_file))
    tables = []
    by_name = {}
    table = None
    wanted = {}
    for lineno, line in enumerate(open(tables_file), 1):
        words = line.split('#', 1)[0].split()
        if not words:
            continue
        where = '%s:%d' % (tables_file, lineno)
        if words[0] == 'table':
            name = words[1]
            if name not in schema['tables']:
                raise SpecError('%s: no table %s in the schema' % (where, name))
            table = Table(name, schema['tables'][name])
            table.track = 'track' in words[2:]
            tables.append(table)
            by_name[name] = table
            wanted[name] = []
        elif table is None:
            raise SpecError('%s: "%s" outside a table' % (where, words[0]))
        elif words[0] == 'columns':
            wanted[table.name] += words[1:]
        elif words[0] == 'index':
            table.indexes.append((words[1], words[2:], where))
        elif words[0] == 'prefix':
            if len(words) < 4:
                raise SpecError('%s: prefix NAME INDEX COLUMN...' % where)
            table.prefixes.append((words[1], words[2], words[3:], where))
        elif words[0] == 'clause':
            table.clauses += words[1:]
        elif words[0] == 'raw':
            table.raw += words[1:]
        else:
            raise SpecError('%s: unknown keyword %s' % (where, words[0]))

    for table in tables:
        names = wanted[table.name]
        everything = '*' in names
        if everything:
            names = sorted(table.schema['columns'])
        for name in names:
            if name not in table.schema['columns']:
                raise SpecError('%s: no column %s in the schema'
                                % (table.name, name))
            col = Column(table, name, table.schema['columns'][name]['type'])
            usable = col.supported and (col.atom != 'ref'
                                        or col.ref_table in by_name)
            if not usable:
                if everything:
                    continue
                raise SpecError('%s.%s: column type not supported, or it '
                                'refers to a table not listed'
                                % (table.name, name))
            table.columns.append(col)
        table.indexes = [Index(table, n, [table.column(c) for c in cols])
                         for n, cols, where in table.indexes]
        for idx in table.indexes:
            for c in idx.columns:
                if c.kind not in ('scalar', 'optional') or c.is_multi():
                    raise SpecError('%s index %s: column %s cannot be a key'
                                    % (table.name, idx.name, c.name))
        prefixes = []
        for name, index, cols, where in table.prefixes:
            idx = next((i for i in table.indexes if i.name == index), None)
            if idx is None:
                raise SpecError('%s: no index %s in %s'
                                % (where, index, table.name))
            if len(cols) >= len(idx.columns) \
                    or cols != [c.name for c in idx.columns[:len(cols)]]:
                raise SpecError('%s: %s are not leading columns of %s'
                                % (where, ' '.join(cols), index))
            if any(i.name == name for i in table.indexes):
                raise SpecError('%s: %s is an index already' % (where, name))
            prefixes.append(Prefix(table, name, idx,
                                   idx.columns[:len(cols)]))
        table.prefixes = prefixes
        table.clauses = [table.column(c) for c in table.clauses]
        for name in table.raw:
            c = table.column(name)
            if c.kind != 'set' or c.atom != 'string':
                raise SpecError('%s.%s: only a set of strings can be raw'
                                % (table.name, name))
            if any(c in idx.columns for idx in table.indexes) \
                    or c in table.clauses:
                raise SpecError('%s.%s: a raw column cannot be an index '
                                'key or a clause' % (table.name, name))
            c.raw = True
        for c in table.clauses:
            if c.kind == 'set' and c.atom != 'ref' or c.kind == 'map':
                raise SpecError('%s: no clause on column %s'
                                % (table.name, c.name))
    return tables


BANNER = """\
/* Generated by ovn/lib/sb-gen.py from ovn-sb.ovsschema and
 * ovn/lib/sb-tables.txt.  Do not edit. */
"""


def row(t):
    return 'const struct sbrec_%s *' % t.lower


def c_key_params(idx):
    return ', '.join('%s%s' % (c.c_atom(), c.name) for c in idx.columns)


def clause_param(c):
    if c.kind == 'smap':
        return 'const struct smap *value'
    if c.atom == 'string':
        return 'const char *value'
    return 'const struct uuid *value'


def c_header(tables):
    out = [BANNER, """\
/* The C side of ovn-controller's Southbound layer: every read of the
 * tables and columns in ovn/lib/sb-tables.txt, change tracking, indexes
 * and monitor conditions, over the IDL that ovsdb-idlc generates from the
 * same schema.  C++ reads the Southbound through ovn/lib/sb-rows.h, which
 * wraps this; writes that carry logic are in ovn/lib/sb-shim.h.
 *
 * Rows are opaque and valid until the next ovs_shim_idl_run() on their
 * IDL (deleted rows that change tracking reports: until
 * ovs_shim_idl_track_clear()). */
#ifndef OVN_LIB_SB_IDL_SHIM_H
#define OVN_LIB_SB_IDL_SHIM_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/shim/ovsdb-idl-shim.h"

#ifdef __cplusplus
extern "C" {
#endif

struct ovsdb_idl;
struct ovsdb_idl_condition;
struct smap;
struct uuid;
"""]
    for t in tables:
        out.append('struct sbrec_%s;\n' % t.lower)
    out.append("""
/* Creates an IDL for the Southbound at 'remote' that monitors the listed
 * columns, tracks changes of the listed tables, and has the listed
 * indexes (stored in '*indexes', which the caller frees with
 * sb_gen_indexes_destroy() before destroying the IDL).  Unless
 * 'monitor_all', the tables that have clauses start with an empty
 * condition: no row until the caller sets one. */
struct sb_gen_indexes;
struct ovsdb_idl *sb_gen_idl_create(const char *remote, bool monitor_all,
                                    struct sb_gen_indexes **indexes);
void sb_gen_indexes_destroy(struct sb_gen_indexes *);

/* The listed tables, for diagnostics: their number, names, and the rows
 * the IDL has of table 'i'. */
size_t sb_gen_n_tables(void);
const char *sb_gen_table_name(size_t i);
const void *sb_gen_table_first(const struct ovsdb_idl *, size_t i);
const void *sb_gen_table_next(const void *row);
const struct uuid *sb_gen_row_uuid(const void *row);
""")
    for t in tables:
        p = 'sb_gen_%s' % t.lower
        r = row(t)
        out.append('\n/* %s. */\n' % t.name)
        out.append('enum %s_column {\n' % p)
        for c in t.columns:
            out.append('    %s,\n' % c.enum)
        out.append('};\n')
        out.append('%s%s_first(const struct ovsdb_idl *);\n' % (r, p))
        out.append('%s%s_next(%s);\n' % (r, p, r.strip()))
        out.append('%s%s_get_for_uuid(const struct ovsdb_idl *,\n'
                   '    const struct uuid *);\n' % (r, p))
        out.append('const struct uuid *%s_uuid(%s);\n' % (p, r.strip()))
        out.append('unsigned int %s_table_seqno(const struct ovsdb_idl *);\n'
                   % p)
        if t.track:
            out.append('%s%s_track_first(const struct ovsdb_idl *);\n'
                       % (r, p))
            out.append('%s%s_track_next(%s);\n' % (r, p, r.strip()))
            out.append('bool %s_is_new(%s);\n' % (p, r.strip()))
            out.append('bool %s_is_deleted(%s);\n' % (p, r.strip()))
            out.append('bool %s_is_updated(%s, enum %s_column);\n'
                       % (p, r.strip(), p))
        for c in t.columns:
            if c.raw:
                continue
            if c.is_multi():
                out.append('size_t %s_n_%s(%s);\n' % (p, c.name, r.strip()))
                out.append('%s%s_%s(%s, size_t i);\n'
                           % (c.c_atom(), p, c.name, r.strip()))
            elif c.kind == 'smap':
                out.append('const struct smap *%s_%s(%s);\n'
                           % (p, c.name, r.strip()))
            else:
                out.append('%s%s_%s(%s);\n' % (c.c_atom(), p, c.name,
                                                r.strip()))
        for idx in t.indexes + t.prefixes:
            out.append('%s%s_find_%s(const struct sb_gen_indexes *, %s);\n'
                       % (r, p, idx.name, c_key_params(idx)))
            out.append('struct ovs_shim_cursor %s_all_%s(\n'
                       '    const struct sb_gen_indexes *, %s);\n'
                       % (p, idx.name, c_key_params(idx)))
        for pre in t.prefixes:
            out.append('void %s_next_%s(struct ovs_shim_cursor *);\n'
                       % (p, pre.name))
        for c in t.clauses:
            out.append('void %s_add_clause_%s(struct ovsdb_idl_condition *,\n'
                       '    enum ovs_shim_function, %s);\n'
                       % (p, c.name, clause_param(c)))
        if t.clauses:
            out.append('unsigned int %s_set_condition(struct ovsdb_idl *,\n'
                       '    const struct ovsdb_idl_condition *);\n' % p)
    out.append("""
#ifdef __cplusplus
}
#endif

#endif  /* ovn/lib/sb-idl-shim.h */
""")
    return ''.join(out)


def c_source(tables):
    out = [BANNER, """\
#include <config.h>

#include "ovn/lib/sb-idl-shim.h"

#include <float.h>
#include <string.h>

#include "ovn/lib/ovn-sb-idl.h"
#include "ovsdb-idl.h"
#include "ovsdb-idl-provider.h"
#include "util.h"

static enum ovsdb_function
to_ovsdb_function(enum ovs_shim_function function)
{
    switch (function) {
    case OVS_SHIM_F_EQ:
        return OVSDB_F_EQ;
    case OVS_SHIM_F_NE:
        return OVSDB_F_NE;
    case OVS_SHIM_F_INCLUDES:
        return OVSDB_F_INCLUDES;
    case OVS_SHIM_F_EXCLUDES:
        return OVSDB_F_EXCLUDES;
    }
    OVS_NOT_REACHED();
}

struct sb_gen_indexes {
"""]
    for t in tables:
        for idx in t.indexes:
            out.append('    struct ovsdb_idl_index *%s_%s;\n'
                       % (t.lower, idx.name))
    out.append('    int unused;\n};\n\n')

    out.append('static const struct ovsdb_idl_table_class *const '
               'tables[] = {\n')
    for t in tables:
        out.append('    &sbrec_table_%s,\n' % t.lower)
    out.append('};\n\n')

    raw = [c for t in tables for c in t.columns if c.raw]
    for c in raw:
        t = c.table
        out.append(
            '/* Stands for ovsdb-idlc\'s parser of %s.%s, which would\n'
            ' * rebuild the whole array on each change: the row\'s members\n'
            ' * stay empty, the datum is read with ovsdb_idl_read().  The\n'
            ' * generated unparser, kept, frees what it finds: nothing, or\n'
            ' * an array parsed before sb_gen_idl_create() replaced the\n'
            ' * parser. */\n'
            'static void\n'
            'parse_raw_%s_%s(struct ovsdb_idl_row *row_,\n'
            '    const struct ovsdb_datum *datum OVS_UNUSED)\n'
            '{\n'
            '    struct sbrec_%s *row\n'
            '        = CONTAINER_OF(row_, struct sbrec_%s, header_);\n'
            '    row->%s = NULL;\n'
            '    row->n_%s = 0;\n'
            '}\n\n' % (t.name, c.name, t.lower, c.name, t.lower, t.lower,
                         c.name, c.name))

    # An index column holding exactly one string or integer is compared
    # through the row's parsed member instead of the IDL's generic
    # comparer (which reads both datums and compares them atom by atom):
    # the IDL parses a row before it adds it to an index and removes it
    # before it unparses it, so the member is the datum.  A row made for
    # a lookup has NULL or 0 where no value was set, as the datum's
    # default ("" or 0).  References stay generic: a member is NULL
    # for a reference to a row not (yet) there.
    compared = []
    for t in tables:
        for idx in t.indexes:
            for c in idx.columns:
                if (c.kind == 'scalar' and c.atom in ('string', 'integer')
                        and c not in compared):
                    compared.append(c)
    for c in compared:
        t = c.table
        if c.atom == 'string':
            body = ('    return strcmp(a->%s ? a->%s : "", '
                    'b->%s ? b->%s : "");\n'
                    % (c.name, c.name, c.name, c.name))
        else:
            body = ('    return a->%s < b->%s ? -1 : a->%s > b->%s;\n'
                    % (c.name, c.name, c.name, c.name))
        out.append(
            'static int\n'
            'compare_%s_%s(const void *a_, const void *b_)\n'
            '{\n'
            '    const struct sbrec_%s *a = CONTAINER_OF(\n'
            '        (const struct ovsdb_idl_row *) a_, struct sbrec_%s, '
            'header_);\n'
            '    const struct sbrec_%s *b = CONTAINER_OF(\n'
            '        (const struct ovsdb_idl_row *) b_, struct sbrec_%s, '
            'header_);\n'
            '%s'
            '}\n\n' % (t.lower, c.name, t.lower, t.lower, t.lower,
                         t.lower, body))

    out.append("""\
struct ovsdb_idl *
sb_gen_idl_create(const char *remote, bool monitor_all,
                  struct sb_gen_indexes **indexes)
{
""")
    for c in raw:
        out.append('    sbrec_%s_col_%s.parse = parse_raw_%s_%s;\n'
                   % (c.table.lower, c.name, c.table.lower, c.name))
    out.append("""\
    struct ovsdb_idl *idl = ovsdb_idl_create(remote, &sbrec_idl_class,
                                             false, true);
""")
    for t in tables:
        for c in t.columns:
            out.append('    ovsdb_idl_add_column(idl, &sbrec_%s_col_%s);\n'
                       % (t.lower, c.name))
            if t.track:
                out.append('    ovsdb_idl_track_add_column(idl, '
                           '&sbrec_%s_col_%s);\n' % (t.lower, c.name))
    out.append("""
    if (!monitor_all) {
        struct ovsdb_idl_condition none;
        ovsdb_idl_condition_init(&none);
""")
    for t in tables:
        if t.clauses:
            out.append('        ovsdb_idl_set_condition(idl, '
                       '&sbrec_table_%s, &none);\n' % t.lower)
    out.append("""\
        ovsdb_idl_condition_destroy(&none);
    }

    struct sb_gen_indexes *ix = xzalloc(sizeof *ix);
""")
    for t in tables:
        for idx in t.indexes:
            out.append('    {\n'
                       '        const struct ovsdb_idl_index_column '
                       'cols[] = {\n')
            for c in idx.columns:
                comparer = ('compare_%s_%s' % (t.lower, c.name)
                            if c in compared else 'NULL')
                out.append('            { .column = &sbrec_%s_col_%s,\n'
                           '              .comparer = %s },\n'
                           % (t.lower, c.name, comparer))
            out.append('        };\n'
                       '        ix->%s_%s = ovsdb_idl_index_create(idl, '
                       'cols, ARRAY_SIZE(cols));\n'
                       '    }\n' % (t.lower, idx.name))
    out.append("""\
    *indexes = ix;
    return idl;
}

void
sb_gen_indexes_destroy(struct sb_gen_indexes *ix)
{
    /* The indexes themselves belong to the IDL. */
    free(ix);
}

size_t
sb_gen_n_tables(void)
{
    return ARRAY_SIZE(tables);
}

const char *
sb_gen_table_name(size_t i)
{
    ovs_assert(i < ARRAY_SIZE(tables));
    return tables[i]->name;
}

const void *
sb_gen_table_first(const struct ovsdb_idl *idl, size_t i)
{
    ovs_assert(i < ARRAY_SIZE(tables));
    return ovsdb_idl_first_row(idl, tables[i]);
}

const void *
sb_gen_table_next(const void *row)
{
    return ovsdb_idl_next_row(row);
}

const struct uuid *
sb_gen_row_uuid(const void *row_)
{
    const struct ovsdb_idl_row *row = row_;
    return &row->uuid;
}
""")
    for t in tables:
        p = 'sb_gen_%s' % t.lower
        s = 'sbrec_%s' % t.lower
        r = row(t)
        out.append('\n/* %s. */\n\n' % t.name)
        out.append('%s\n%s_first(const struct ovsdb_idl *idl)\n{\n'
                   '    return %s_first(idl);\n}\n\n' % (r, p, s))
        out.append('%s\n%s_next(%srow)\n{\n'
                   '    return %s_next(row);\n}\n\n' % (r, p, r, s))
        out.append('%s\n%s_get_for_uuid(const struct ovsdb_idl *idl, '
                   'const struct uuid *uuid)\n{\n'
                   '    return %s_get_for_uuid(idl, uuid);\n}\n\n'
                   % (r, p, s))
        out.append('const struct uuid *\n%s_uuid(%srow)\n{\n'
                   '    return &row->header_.uuid;\n}\n\n' % (p, r))
        out.append('unsigned int\n%s_table_seqno(const struct ovsdb_idl '
                   '*idl)\n{\n    return %s_get_seqno(idl);\n}\n\n' % (p, s))
        if t.track:
            out.append('%s\n%s_track_first(const struct ovsdb_idl *idl)\n{\n'
                       '    return %s_track_get_first(idl);\n}\n\n'
                       % (r, p, s))
            out.append('%s\n%s_track_next(%srow)\n{\n'
                       '    return %s_track_get_next(row);\n}\n\n'
                       % (r, p, r, s))
            out.append('bool\n%s_is_new(%srow)\n{\n'
                       '    return %s_is_new(row);\n}\n\n' % (p, r, s))
            out.append('bool\n%s_is_deleted(%srow)\n{\n'
                       '    return %s_is_deleted(row);\n}\n\n' % (p, r, s))
            out.append('bool\n%s_is_updated(%srow, enum %s_column column)\n'
                       '{\n    switch (column) {\n' % (p, r, p))
            for c in t.columns:
                out.append('    case %s:\n        return %s_is_updated('
                           'row, %s_COL_%s);\n'
                           % (c.enum, s, s.upper(), c.name.upper()))
            out.append('    }\n    OVS_NOT_REACHED();\n}\n\n')
        for c in t.columns:
            if c.raw:
                continue
            f = '%s_%s' % (p, c.name)
            if c.is_multi():
                out.append('size_t\n%s_n_%s(%srow)\n{\n'
                           '    return row->n_%s;\n}\n\n'
                           % (p, c.name, r, c.name))
                elem = 'row->%s[i]' % c.name
                if c.atom == 'uuid':
                    elem = '&' + elem
                out.append('%s\n%s(%srow, size_t i)\n{\n'
                           '    ovs_assert(i < row->n_%s);\n'
                           '    return %s;\n}\n\n'
                           % (c.c_atom().strip(), f, r, c.name, elem))
            elif c.kind == 'smap':
                out.append('const struct smap *\n%s(%srow)\n{\n'
                           '    return &row->%s;\n}\n\n' % (f, r, c.name))
            else:
                val = 'row->%s' % c.name
                if c.atom == 'uuid':
                    val = '&' + val
                out.append('%s\n%s(%srow)\n{\n    return %s;\n}\n\n'
                           % (c.c_atom().strip(), f, r, val))
        for idx in t.indexes:
            member = 'ix->%s_%s' % (t.lower, idx.name)
            sets = ''.join('    %s_index_set_%s(key, %s);\n'
                           % (s, c.name, c.name) for c in idx.columns)
            out.append('%s\n%s_find_%s(const struct sb_gen_indexes *ix, %s)\n'
                       '{\n'
                       '    struct %s *key = %s_index_init_row(%s);\n'
                       '%s'
                       '    const struct %s *found = %s_index_find(%s, key);\n'
                       '    %s_index_destroy_row(key);\n'
                       '    return found;\n}\n\n'
                       % (r, p, idx.name, c_key_params(idx), s, s, member,
                          sets, s, s, member, s))
            out.append('struct ovs_shim_cursor\n%s_all_%s(const struct '
                       'sb_gen_indexes *ix, %s)\n'
                       '{\n'
                       '    struct %s *key = %s_index_init_row(%s);\n'
                       '%s'
                       '    struct ovs_shim_cursor cursor\n'
                       '        = ovs_shim_cursor_first_eq(%s, &key->header_);\n'
                       '    %s_index_destroy_row(key);\n'
                       '    return cursor;\n}\n\n'
                       % (p, idx.name, c_key_params(idx), s, s, member, sets,
                          member, s))
        for pre in t.prefixes:
            member = 'ix->%s_%s' % (t.lower, pre.index.name)
            cols = '%s_%s_cols' % (p, pre.name)
            sets = ''.join('    %s_index_set_%s(key, %s);\n'
                           % (s, c.name, c.name) for c in pre.columns)
            # The other columns at their least; a column left unset reads
            # as its default, the least of a string, a boolean, a UUID
            # and an optional value.
            for c in pre.rest:
                if c.kind == 'scalar' and c.atom == 'integer':
                    sets += ('    %s_index_set_%s(key, INT64_MIN);\n'
                             % (s, c.name))
                elif c.kind == 'scalar' and c.atom == 'real':
                    sets += ('    %s_index_set_%s(key, -DBL_MAX);\n'
                             % (s, c.name))
            out.append('/* Prefix %s of index %s: its leading columns. */\n'
                       'static const struct ovsdb_idl_column *const '
                       '%s[] = {\n%s};\n\n'
                       % (pre.name, pre.index.name, cols,
                          ''.join('    &sbrec_%s_col_%s,\n'
                                  % (t.lower, c.name)
                                  for c in pre.columns)))
            out.append('struct ovs_shim_cursor\n%s_all_%s(const struct '
                       'sb_gen_indexes *ix, %s)\n'
                       '{\n'
                       '    struct %s *key = %s_index_init_row(%s);\n'
                       '%s'
                       '    struct ovs_shim_cursor cursor\n'
                       '        = ovs_shim_cursor_first_prefix(%s, '
                       '&key->header_,\n'
                       '                                       %s, '
                       'ARRAY_SIZE(%s));\n'
                       '    %s_index_destroy_row(key);\n'
                       '    return cursor;\n}\n\n'
                       % (p, pre.name, c_key_params(pre), s, s, member,
                          sets, member, cols, cols, s))
            out.append('%s\n%s_find_%s(const struct sb_gen_indexes *ix, %s)\n'
                       '{\n'
                       '    struct ovs_shim_cursor cursor\n'
                       '        = %s_all_%s(ix, %s);\n'
                       '    return ovs_shim_cursor_row(&cursor);\n}\n\n'
                       % (r, p, pre.name, c_key_params(pre), p, pre.name,
                          ', '.join(c.name for c in pre.columns)))
            out.append('void\n%s_next_%s(struct ovs_shim_cursor *cursor)\n'
                       '{\n'
                       '    ovs_shim_cursor_next_prefix(cursor, %s, '
                       'ARRAY_SIZE(%s));\n}\n\n'
                       % (p, pre.name, cols, cols))
        for c in t.clauses:
            out.append('void\n%s_add_clause_%s(struct ovsdb_idl_condition '
                       '*cond,\n    enum ovs_shim_function function, %s)\n{\n'
                       % (p, c.name, clause_param(c)))
            fn = 'to_ovsdb_function(function)'
            if c.kind == 'set':
                out.append('    struct uuid *values[] = { '
                           'CONST_CAST(struct uuid *, value) };\n'
                           '    %s_add_clause_%s(cond, %s, values, 1);\n'
                           % (s, c.name, fn))
            else:
                out.append('    %s_add_clause_%s(cond, %s, value);\n'
                           % (s, c.name, fn))
            out.append('}\n\n')
        if t.clauses:
            out.append('unsigned int\n%s_set_condition(struct ovsdb_idl *idl,'
                       '\n    const struct ovsdb_idl_condition *cond)\n{\n'
                       '    return ovsdb_idl_set_condition(idl, '
                       '&sbrec_table_%s, cond);\n}\n\n' % (p, t.lower))
    return ''.join(out).rstrip('\n') + '\n'


def cxx_header(tables):
    out = [BANNER, """\
/* Typed, read-only views of the Southbound rows that ovn-controller reads
 * (ovn/lib/sb-tables.txt), over the C shim ovn/lib/sb-idl-shim.h:
 *
 *     for (sb::PortBinding pb : sb::PortBinding::table(idl)) {
 *         if (pb.type().empty() && pb.chassis() == chassis) { ... }
 *     }
 *
 * A view is a pointer: cheap to copy, null when default-constructed or
 * when a reference column is empty ('if (pb.chassis())').  Strings are
 * std::string_view, UUIDs ovs::Uuid, sets ranges, string maps
 * ovs::SmapView.  Views, like the rows, are valid until the next
 * ovs_shim_idl_run() on their IDL. */
#ifndef OVN_LIB_SB_ROWS_H
#define OVN_LIB_SB_ROWS_H 1

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "lib/idl-view.h"
#include "lib/smap-view.h"
#include "lib/uuid-value.h"
#include "ovn/lib/sb-idl-shim.h"

namespace ovn {
namespace sb {

/* The indexes of one Southbound IDL (owned by whoever created it with
 * sb_gen_idl_create()); lookups take them. */
using Indexes = sb_gen_indexes;
struct IndexesDeleter {
    void operator()(Indexes *ix) const noexcept { sb_gen_indexes_destroy(ix); }
};
/* Declare it after the IDL's owner, so that it goes first. */
using IndexesPtr = std::unique_ptr<Indexes, IndexesDeleter>;

"""]
    defs = []

    def method(cls, ret, name, params, body, static=False, const=True):
        """Declares a method in the class and defines it after every class,
        where the views it returns or takes are complete."""
        decl = '    %s%s %s(%s)%s;\n' % ('static ' if static else '', ret,
                                         name, params,
                                         ' const' if const else '')
        defs.append('inline %s\n%s::%s(%s)%s\n{\n%s}\n\n'
                    % (ret, cls, name, params, ' const' if const else '',
                       body))
        return decl

    for t in tables:
        out.append('class %s;\n' % t.camel)
    for t in tables:
        p = 'sb_gen_%s' % t.lower
        cls = t.camel
        R = 'sbrec_%s' % t.lower
        out.append('\n/* %s. */\n' % t.name)
        out.append('class %s : public ovs::IdlRowView<%s> {\npublic:\n'
                   % (cls, R))
        out.append('    using IdlRowView::IdlRowView;\n\n')
        out.append('    using Table = ovs::IdlTable<%s, %s, %s_first, '
                   '%s_next>;\n' % (cls, R, p, p))
        out.append('    static Table table(const ovsdb_idl *idl) '
                   '{ return Table(idl); }\n')
        out.append(method(cls, cls, 'get_for_uuid',
                          'const ovsdb_idl *idl, const ovs::Uuid &uuid',
                          '    return %s(%s_get_for_uuid(idl, &uuid.get()));\n'
                          % (cls, p), static=True, const=False))
        out.append('    static unsigned int\n    table_seqno(const ovsdb_idl '
                   '*idl)\n    {\n        return %s_table_seqno(idl);\n    }\n'
                   % p)
        out.append('    ovs::Uuid uuid() const { return ovs::Uuid(*%s_uuid'
                   '(row_)); }\n' % p)
        if t.track:
            out.append('\n    /* Change tracking: the rows changed since '
                       'the last\n     * ovs_shim_idl_track_clear(). */\n')
            out.append('    using Tracked = ovs::IdlTable<%s, %s, '
                       '%s_track_first,\n'
                       '                                  %s_track_next>;\n'
                       % (cls, R, p, p))
            out.append('    static Tracked tracked(const ovsdb_idl *idl) '
                       '{ return Tracked(idl); }\n')
            out.append('    enum class Column {\n')
            for c in t.columns:
                out.append('        %s = %s,\n' % (c.name.upper(), c.enum))
            out.append('    };\n')
            out.append('    bool is_new() const { return %s_is_new(row_); }\n'
                       % p)
            out.append('    bool is_deleted() const '
                       '{ return %s_is_deleted(row_); }\n' % p)
            out.append('    bool\n    is_updated(Column c) const\n    {\n'
                       '        return %s_is_updated(\n'
                       '            row_, static_cast<%s_column>(c));\n'
                       '    }\n' % (p, p))
        out.append('\n')
        for c in t.columns:
            if c.raw:
                continue
            f = '%s_%s' % (p, c.name)
            a = c.cxx_atom()
            if c.is_multi():
                ctype = c.c_atom().strip()
                set_t = 'ovs::IdlSet<%s, %s, %s, %s_n_%s, %s>' % (
                    a, R, ctype, p, c.name, f)
                if c.kind == 'optional':
                    elem = '%s(row_, 0)' % f
                    if c.atom == 'uuid':
                        elem = 'ovs::Uuid(*%s)' % elem
                    out.append(method(
                        cls, 'std::optional<%s>' % a, c.name, '',
                        '    if (!%s_n_%s(row_)) {\n'
                        '        return std::nullopt;\n    }\n'
                        '    return %s;\n' % (p, c.name, elem)))
                else:
                    out.append(method(cls, set_t, c.name, '',
                                      '    return %s(row_);\n' % set_t))
            elif c.kind == 'smap':
                out.append('    ovs::SmapView %s() const '
                           '{ return ovs::SmapView(%s(row_)); }\n'
                           % (c.name, f))
            elif c.kind == 'optional' and c.atom == 'string':
                out.append(method(
                    cls, 'std::optional<std::string_view>', c.name, '',
                    '    const char *s = %s(row_);\n'
                    '    if (!s) {\n        return std::nullopt;\n    }\n'
                    '    return std::string_view(s);\n' % f))
            elif c.atom == 'uuid':
                out.append('    ovs::Uuid %s() const '
                           '{ return ovs::Uuid(*%s(row_)); }\n' % (c.name, f))
            else:
                out.append(method(cls, a, c.name, '',
                                  '    return %s(%s(row_));\n' % (a, f)))
        for idx in t.indexes + t.prefixes:
            params = ', '.join(
                '%s %s' % ('const char *' if c.atom == 'string'
                           else c.cxx_atom(), c.name)
                for c in idx.columns)
            args = ', '.join(
                '%s.get()' % c.name if c.atom == 'ref' else c.name
                for c in idx.columns)
            rng = 'ovs::IdlIndexRange<%s, %s>' % (cls, R)
            names = ', '.join(c.name for c in idx.columns)
            if isinstance(idx, Prefix):
                out.append('\n    /* By the leading columns (%s) of index '
                           '%s: the first row\n     * with these values, '
                           'and all of them. */\n' % (names, idx.index.name))
                step = ', %s_next_%s' % (p, idx.name)
            else:
                out.append('\n    /* Index %s (%s): the first row with '
                           'these values, and all of them. */\n'
                           % (idx.name, names))
                step = ''
            out.append(method(cls, cls, 'find_' + idx.name,
                              'const Indexes *ix, ' + params,
                              '    return %s(%s_find_%s(ix, %s));\n'
                              % (cls, p, idx.name, args),
                              static=True, const=False))
            out.append(method(cls, rng, 'all_' + idx.name,
                              'const Indexes *ix, ' + params,
                              '    return %s(%s_all_%s(ix, %s)%s);\n'
                              % (rng, p, idx.name, args, step),
                              static=True, const=False))
        if t.clauses:
            out.append('\n    /* Monitor conditions. */\n')
            for c in t.clauses:
                if c.kind == 'smap':
                    param, arg = 'const smap *value', 'value'
                elif c.atom == 'string':
                    param, arg = 'const char *value', 'value'
                else:
                    param, arg = 'const ovs::Uuid &value', '&value.get()'
                out.append('    static void\n    add_clause_%s(ovsdb_idl_'
                           'condition *cond, ovs_shim_function function,\n'
                           '                  %s)\n    {\n'
                           '        %s_add_clause_%s(cond, function, %s);\n'
                           '    }\n' % (c.name, param, p, c.name, arg))
                if c.kind == 'optional':
                    # std::nullopt stands for the empty column, e.g.
                    # "logical_dp_group != []".
                    out.append('    static void\n    add_clause_%s(ovsdb_idl_'
                               'condition *cond, ovs_shim_function function,'
                               '\n                  std::nullopt_t)\n'
                               '    {\n'
                               '        %s_add_clause_%s(cond, function, '
                               'nullptr);\n'
                               '    }\n' % (c.name, p, c.name))
            out.append('    static unsigned int\n    set_condition(ovsdb_idl '
                       '*idl, const ovsdb_idl_condition *cond)\n    {\n'
                       '        return %s_set_condition(idl, cond);\n'
                       '    }\n' % p)
        out.append('};\n')
    out.append('\n')
    out += defs
    out.append("""\
}  // namespace sb
}  // namespace ovn

#endif  /* ovn/lib/sb-rows.h */
""")
    return ''.join(out)


def main():
    if len(sys.argv) != 4:
        sys.stderr.write('usage: %s c-header|c-source|cxx-header '
                         'SCHEMA TABLES\n' % sys.argv[0])
        sys.exit(2)
    try:
        tables = load(sys.argv[2], sys.argv[3])
    except (SpecError, OSError, ValueError) as e:
        sys.stderr.write('%s: %s\n' % (sys.argv[0], e))
        sys.exit(1)
    gen = {'c-header': c_header, 'c-source': c_source,
           'cxx-header': cxx_header}.get(sys.argv[1])
    if not gen:
        sys.stderr.write('%s: unknown output %s\n' % (sys.argv[0],
                                                       sys.argv[1]))
        sys.exit(2)
    sys.stdout.write(gen(tables))


if __name__ == '__main__':
    main()
