import Liquid

/// Jekyll's Liquid filters (Jekyll::Filters, 4.3), over the site they render for.
enum JekyllFilters {}
