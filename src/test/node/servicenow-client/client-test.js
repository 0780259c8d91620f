// Drives the npm package servicenow-rest-api (unchanged) against Gatehouse, as a ServiceNow user would, and prints
// one JSON object with what each call gave. gatehouse.parity.ServiceNowClientIT runs it (after `npm ci`) and checks.
//   GATEHOUSE_INSTANCE  the instance address as the library takes it (host:port; it always speaks https)
//   GATEHOUSE_USER, GATEHOUSE_PASSWORD  an itil user
//   NODE_EXTRA_CA_CERTS  the run command's self-signed certificate (Node's own way to trust one more CA)
//   STEPS  "table" (create, query with display values, PUT, delete) and/or "attachments" (comma-separated)
'use strict';
const https = require('https');
const ServiceNow = require('servicenow-rest-api');

const instance = process.env.GATEHOUSE_INSTANCE;
const user = process.env.GATEHOUSE_USER;
const password = process.env.GATEHOUSE_PASSWORD;
const steps = (process.env.STEPS || 'table,attachments').split(',');
const sn = new ServiceNow(instance, user, password);

// The library reports success and failure through one callback; an axios error is recognised by its response/code.
function call(method, ...args) {
  return new Promise((resolve) => sn[method](...args, (res) => resolve(res)));
}

function outcome(res) {
  if (res instanceof Error) return { ok: false, status: res.response ? res.response.status : null, error: res.message,
    body: res.response ? res.response.data : null };
  return { ok: true, value: res };
}

// The library has no upload call: the file goes up with Node's own https client, as a script would.
function upload(tableSysId, fileName, type, content) {
  return new Promise((resolve, reject) => {
    const req = https.request(`https://${instance}/api/now/attachment/file?table_name=incident&table_sys_id=${tableSysId}`
      + `&file_name=${encodeURIComponent(fileName)}`, { method: 'POST', auth: `${user}:${password}`,
      headers: { 'Content-Type': type, Accept: 'application/json' } }, (res) => {
      let body = '';
      res.on('data', (d) => { body += d; });
      res.on('end', () => resolve({ status: res.statusCode, body: JSON.parse(body) }));
    });
    req.on('error', reject);
    req.end(content);
  });
}

async function main() {
  const report = {};
  const marker = `npm-client-${Date.now()}`;
  const created = outcome(await call('createNewTask', { short_description: `Printer on fire ${marker}`,
    description: 'Reported through servicenow-rest-api', urgency: '2', impact: '2' }, 'incident'));
  report.create = created;
  if (!created.ok) return report;
  const incident = created.value;
  const number = typeof incident.number === 'object' ? incident.number.value : incident.number;
  const sysId = typeof incident.sys_id === 'object' ? incident.sys_id.value : incident.sys_id;
  report.number = number;
  report.sys_id = sysId;

  if (steps.includes('attachments')) {
    const content = `Attached by servicenow-rest-api ${marker}\n`;
    report.upload = await upload(sysId, 'printer.log', 'text/plain', content);
    const attachment = report.upload.body.result ? report.upload.body.result.sys_id : null;
    report.attachment_content = content;
    report.attachments = outcome(await call('getAllAttachmentsMetaData', sysId));
    report.attachment = outcome(await call('getAttachmentMetaData', attachment));
    const file = outcome(await call('getAttachment', attachment));
    report.file = file.ok ? { ok: true, status: file.value.status, data: file.value.data, headers: file.value.headers } : file;
  }
  if (steps.includes('table')) {
    report.query = outcome(await call('getTableData', ['number', 'short_description', 'urgency', 'state', 'description'],
      [`number=${number}`], 'incident'));
    report.update = outcome(await call('UpdateTask', 'incident', number, { urgency: '1 - High', state: 'In Progress' }));
    report.delete = outcome(await call('DeleteTask', 'incident', number));
    if (report.delete.ok) report.delete = { ok: true, status: report.delete.value.status };
  }
  return report;
}

main().then((report) => {
  console.log('REPORT ' + JSON.stringify(report));
}, (e) => {
  console.log('REPORT ' + JSON.stringify({ failed: String(e && e.stack || e) }));
  process.exitCode = 1;
});
