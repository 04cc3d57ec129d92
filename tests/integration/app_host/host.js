// A test host for MCP Apps, built on the extension SDK's host side (AppBridge): it loads an
// app's HTML in a sandboxed frame under the extension's default policy, sends the tool's
// input and result once the app has initialized, and passes the app's tools/call and
// resources/read to the test process, which holds the MCP client connected to ptmcp.
// Bundled by esbuild from node_modules when the test runs.
import { AppBridge, PostMessageTransport } from "@modelcontextprotocol/ext-apps/app-bridge";

// The policy SEP-1865 tells a host to apply when the resource declares no csp.
const DEFAULT_CSP = "default-src 'none'; script-src 'self' 'unsafe-inline'; " +
  "style-src 'self' 'unsafe-inline'; img-src 'self' data:; media-src 'self' data:; connect-src 'none'";

function withPolicy(html) {
  const meta = `<meta http-equiv="Content-Security-Policy" content="${DEFAULT_CSP}">`;
  return /<head[^>]*>/i.test(html) ? html.replace(/<head[^>]*>/i, (h) => h + meta) : meta + html;
}

window.ptmcpHost = {
  calls: [],
  sizes: [],
  async show({ html, tool, args, result }) {
    const frame = document.createElement("iframe");
    frame.setAttribute("sandbox", "allow-scripts allow-modals");
    frame.setAttribute("title", tool.name);
    frame.id = "app";
    frame.style.cssText = "width: 100%; height: 900px; border: 1px solid #999; border-radius: 8px;";
    document.body.replaceChildren(frame);
    const bridge = new AppBridge(
      null,
      { name: "ptmcp-test-host", version: "1.0.0" },
      { serverTools: {}, serverResources: {}, logging: {} },
      { hostContext: { theme: "light", displayMode: "inline", locale: "en-US", platform: "desktop",
                       containerDimensions: { maxHeight: 6000, width: 1400 }, toolInfo: { tool } } },
    );
    bridge.oncalltool = async (params) => {
      window.ptmcpHost.calls.push(params);
      return window.hostCallTool(params);
    };
    bridge.onreadresource = async (params) => window.hostReadResource(params);
    bridge.onsizechange = ({ height }) => {
      if (height) frame.style.height = `${height}px`;
      window.ptmcpHost.sizes.push(height);
    };
    const initialized = new Promise((resolve) => { bridge.oninitialized = resolve; });
    await bridge.connect(new PostMessageTransport(frame.contentWindow, frame.contentWindow));
    frame.srcdoc = withPolicy(html);
    await initialized;
    await bridge.sendToolInput({ arguments: args });
    await bridge.sendToolResult(result);
    window.ptmcpHost.bridge = bridge;
    return bridge.getAppVersion();
  },
};
