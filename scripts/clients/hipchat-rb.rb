# Drives hipchat-rb (Debian's ruby-hipchat) against a running proxy, the way a legacy Ruby app
# calls HipChat: each call's outcome as one JSON line on stdout.
#
#   ruby scripts/clients/hipchat-rb.rb <server_url> <token> <file to share>
#
# Over https, trust the proxy's certificate with SSL_CERT_FILE=cert.pem.
require 'hipchat'
require 'json'

# hipchat-rb 1.5.2 calls URI.escape, which Ruby 3.0 removed; a legacy app that still runs it on
# Ruby 3 carries this same shim (URI::DEFAULT_PARSER.escape is what URI.escape was).
unless URI.respond_to?(:escape)
  module URI
    def self.escape(*args)
      DEFAULT_PARSER.escape(*args)
    end
  end
end

server_url, token, file_path = ARGV
client = HipChat::Client.new(token, api_version: 'v2', server_url: server_url)
room = client['Ops Alerts']
user = client.user('jdoe@example.com')

def report(call)
  result = yield
  puts({ call: call, ok: true, result: result }.to_json)
rescue StandardError => e
  puts({ call: call, ok: false, error: e.class.name, message: e.message }.to_json)
end

report('room.send') { room.send('Jenkins', 'Build <b>#42</b> passed', color: 'green', notify: true) }
report('room.send_file') { room.send_file('Jenkins', 'Nightly build log', File.open(file_path, 'rb')) }
report('room.topic') { room.topic('On call: jdoe', from: 'hipchat-rb') }
report('room.get_room') { room.get_room }
report('user.send') { user.send('Private note from hipchat-rb') }
report('user.send_file') { user.send_file('Your report', File.open(file_path, 'rb')) }
# Last: `view` builds its result without server_url, which resets HipChat::User's class-wide
# base_uri (a hipchat-rb bug, the same against HipChat), so later user calls lose the host.
report('user.view') { user.view.to_h }
