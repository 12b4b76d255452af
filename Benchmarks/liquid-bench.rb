# The Ruby side of Benchmarks/liquid-bench.sh: the same work as blogport-bench, timed inside
# Ruby (start-up and site reading excluded), with the Liquid and Jekyll the truth was built with.
#   ruby liquid-bench.rb golden GOLDEN_JSON SUBSET_TXT ROUNDS
#   ruby liquid-bench.rb site SITE ROUNDS     (Jekyll's Liquid over every post and excerpt,
#                                             plus reading _data, which blogport does on demand)
require "json"
require "liquid"
ENV["TZ"] = "UTC"

def now = Process.clock_gettime(Process::CLOCK_MONOTONIC)

case ARGV[0]
when "golden"
  suite = JSON.parse(File.read(ARGV[1]))
  subset = File.read(ARGV[2]).split("\n").to_h { |n| [n, true] }
  rounds = ARGV[3].to_i
  cases = suite["tests"].select { |t| subset[t["name"]] && !t["invalid"] }
  bytes = 0
  t0 = now
  rounds.times do
    cases.each do |t|
      tags = t["tags"] || []
      mode = tags.include?("strict") ? :strict : :lax
      begin
        bytes += Liquid::Template.parse(t["template"], error_mode: mode).render(t["data"] || {}).bytesize
      rescue StandardError
      end
    end
  end
  printf("cases=%d rounds=%d seconds=%.4f bytes=%d\n", cases.size, rounds, now - t0, bytes)
when "site"
  require "jekyll"
  require "tmpdir"
  source = File.expand_path(ARGV[1])
  rounds = ARGV[2].to_i
  Dir.mktmpdir do |tmp|
    config = Jekyll.configuration("source" => source, "destination" => File.join(tmp, "_site"), "quiet" => true)
    site = Jekyll::Site.new(config)
    site.reset
    site.read
    site.generate
    best = Float::INFINITY
    rounds.times do
      site.liquid_renderer.cache.clear
      payload = site.site_payload
      t0 = now
      # blogport reads _data when a template first uses site.data: count Jekyll's read too.
      Jekyll::DataReader.new(site).read(site.config["data_dir"])
      site.posts.docs.each do |doc|
        [doc, doc.data["excerpt"]].each do |d|
          next unless d.respond_to?(:content) && d.content
          payload["page"] = d.to_liquid
          info = { registers: { site: site, page: payload["page"] }, strict_filters: false, strict_variables: false }
          site.liquid_renderer.file(d.relative_path).parse(d.content).render!(payload, info)
        end
      end
      best = [best, now - t0].min
    end
    printf("posts=%d rounds=%d liquid_seconds=%.4f\n", site.posts.docs.size, rounds, best)
  end
end
