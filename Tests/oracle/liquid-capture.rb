# Jekyll plugin (our oracle for Liquid): records what Jekyll's Liquid layer produced for every
# post body and excerpt, i.e. the text Jekyll hands to its Markdown converter, and writes it to
# _liquid-truth.json after the build. Used by samples/regenerate-truth.sh and
# scripts/liquid-fidelity.sh; nothing here ships with blogport.
require "json"

module LiquidCapture
  RESULTS = {}

  def convert(content)
    doc = document
    owner = doc.is_a?(Jekyll::Excerpt) ? doc.doc : doc
    if owner.respond_to?(:collection) && owner.collection&.label == "posts"
      if doc.is_a?(Jekyll::Excerpt)
        (RESULTS[doc.doc.relative_path] ||= {})["excerpt"] = content.to_s
      else
        (RESULTS[doc.relative_path] ||= {})["body"] = content.to_s
      end
    end
    super
  end
end
Jekyll::Renderer.prepend(LiquidCapture)

Jekyll::Hooks.register :site, :post_write do |site|
  rows = LiquidCapture::RESULTS.keys.sort.map { |k| { "path" => k }.merge(LiquidCapture::RESULTS[k]) }
  File.write(File.join(site.source, "_liquid-truth.json"), JSON.pretty_generate({ "posts" => rows }) + "\n")
end
