// placeholder: replaced by the lead
console.debug('reader');
export {};
