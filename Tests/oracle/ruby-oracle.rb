# Writes Tests/BlogportTests/Fixtures/ruby-oracle.json: what Ruby (Time.parse, Psych.safe_load) and
# Jekyll 4.3 (Utils.slugify, titleize_slug) give for a list of inputs. Our Swift re-implementations are
# tested against it. Regenerate: ruby Tests/oracle/ruby-oracle.rb > Tests/BlogportTests/Fixtures/ruby-oracle.json
require "time"
require "psych"
require "json"
require "jekyll"
ENV["TZ"] = "America/New_York"
now = Time.utc(2026,1,15,12,0,0)
dates = ["2024-04-30", "2024-4-5", "2024-04-30 02:00:00", "2024-04-30 02:00:00 +0900", "2024-04-30T02:00:00Z",
  "2024-04-30T02:00:00+09:00", "2016-05-10 12:00:00 2016 -0700", "Fri Sep  9 12:00:00 CEST 2011",
  "2008-10-27 11:30::00 -07:00", "2011-01-01 12:30 -05:00", "2022-03-01 10:00:00 PST", "Dec 10, 2023",
  "10 December 2023 10:00 pm", "2023/12/10 09:30", "12/10/2023", "Sun, 10 Dec 2023 09:30:00 +0100",
  "2023-12-10 09:30:00 UTC", "2023-12-10 09:30:00 EST", "2023-12-10 09:30:00 +9", "13-05-06", "2023-02-30",
  "2024-03-10 02:30:00", "2024-11-03 01:30:00", "2023-12-10 24:00:00"]
out = dates.map do |d|
  begin
    t = Time.parse(d, now)
    [d, t.to_i]
  rescue ArgumentError => e
    [d, nil]
  end
end
bad = ["tomorrow", "hello", "2023-13-01", "2023-12-40"].map { |d| begin [d, Time.parse(d, now).to_i] rescue ArgumentError; [d, nil] end }
scalars = ["yes", "No", "on", "OFF", "y", "n", "true", "~", "null", "Null", "", "123", "1,000", "0755", "08", "0x1F", "0b101", "1_000",
  "1.5", "1.", ".5", "1e5", "1.5e+3", "-.inf", ".NaN", "1:20", "1:20:30", "2024-04-30", "2024-4-5", "2024-02-30",
  "2024-04-30 02:00:00", "2024-04-30T02:00:00.5Z", "hello world", "+1", "-12", "12:30", "3.14", "1.0", "abc123", "#tag"]
ps = scalars.map do |s|
  v = Psych.safe_load("v: #{s}", permitted_classes: [Date, Time])["v"]
  kind = case v when nil then "null" when true, false then "bool" when Integer then "int" when Float then "float" when String then "string" when Date then "date" when Time then "time" else v.class.to_s end
  val = case v when Float then (v.nan? ? "nan" : v.infinite? ? v.to_s : v) when Date then v.to_s when Time then v.to_i else v end
  [s, kind, val]
end
slugs = ["Hello World!", "  -leading and trailing-  ", "C++ @home", "가을 산책", "what-is-this...", "Ünïcödé & Co.", "a_b.c~d!e$f", "The Quiet Build: isn't"]
sl = slugs.map { |s| [s, %w[raw default pretty ascii latin none].map { |m| Jekyll::Utils.slugify(s, mode: m) }, Jekyll::Utils.slugify(s, mode: "pretty", cased: true)] }
titles = ["hello-WORLD", "what-is-this", "ünïcode-title", "a--b"].map { |s| [s, Jekyll::Utils.titleize_slug(s)] }
puts JSON.pretty_generate({"time_parse" => out + bad, "psych" => ps, "slugify" => sl, "titleize" => titles})
