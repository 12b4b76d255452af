#include <libxml/parser.h>
#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/tree.h>
#include <libxml/xmlsave.h>
#include <libxml/relaxng.h>
#include <libxml/xmlerror.h>
#include <libxml/uri.h>

/* xmlFree is a global function pointer, which Swift 6 treats as shared mutable state. */
static inline void blogport_xml_free(void *p) { xmlFree(p); }
